int geboorteland_gelezen;
