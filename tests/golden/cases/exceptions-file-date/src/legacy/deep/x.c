int nationaliteit_oud;
