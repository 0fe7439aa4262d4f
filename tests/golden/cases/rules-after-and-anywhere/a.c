int nationality;
