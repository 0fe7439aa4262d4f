int nationality_generated;
