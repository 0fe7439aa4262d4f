int nationality_vendor;
