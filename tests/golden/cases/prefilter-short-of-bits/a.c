/* WATCH in the last context, whose combination found no bit. */
struct klnx_record {
	int watchlist;
};
