int nationaliteit;
