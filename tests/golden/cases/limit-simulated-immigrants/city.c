/* A city-building game: the town's inhabitants are numbers the simulation
 * moves between towns each turn. */
struct town {
	int population;
	int immigrants;
	int emigrants;
	double tax_rate;
	int happiness;
};
