/* A football management game: its players are made up by the game, their
 * nationality decides which made-up national team may call them up. */
struct player {
	char name[32];
	char nationality[4];
	int shirt_number;
	int pace;
	int stamina;
};

struct club {
	struct player squad[25];
	int league_points;
};
