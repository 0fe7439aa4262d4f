int nationality_test;
