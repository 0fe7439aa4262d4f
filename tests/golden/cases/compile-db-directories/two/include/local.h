int geboorteland_uit_twee;
