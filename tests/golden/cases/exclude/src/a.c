int nationality_kept;
