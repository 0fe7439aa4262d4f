int nationalité;
