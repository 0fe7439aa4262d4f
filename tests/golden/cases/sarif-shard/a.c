struct klant { char nationaliteit[3]; };
