struct klant2 { char postcode[7]; };
