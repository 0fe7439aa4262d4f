int on_watchlist;
int nationality;
