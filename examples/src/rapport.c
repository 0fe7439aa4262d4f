/*
 * Management report: an SVG histogram of assessed incomes, with a line at
 * the national average income.  Nothing here feeds the risk score.
 *
 * Fictional example code written for profilescan; not a real system.
 */
#include <stdio.h>

#include "toeslagen/risico.h"

enum { N_BUCKETS = 10 };

struct chart_axes {
	double origin_x;              /* pixel position of (0, 0) */
	double origin_y;
	double width;
	double height;
	double max_value;             /* income at the right edge */
};

int rapport_inkomen_svg(FILE *fp, const aanvrager_t *aanvragers, size_t count,
                        double national_average_income)
{
	struct chart_axes ax = { 40.0, 260.0, 500.0, 220.0, 2.0 * MAX_INKOMEN };
	unsigned buckets[N_BUCKETS] = { 0 };
	unsigned tallest = 1;

	for (size_t i = 0; i < count; i++) {
		int b = (int)(aanvragers[i].inkomen / ax.max_value * N_BUCKETS);
		if (b < 0)
			b = 0;
		if (b >= N_BUCKETS)
			b = N_BUCKETS - 1;
		if (++buckets[b] > tallest)
			tallest = buckets[b];
	}

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"580\" "
	            "height=\"300\">\n");
	for (int b = 0; b < N_BUCKETS; b++) {
		double bar_w = ax.width / N_BUCKETS;
		double bar_h = ax.height * buckets[b] / tallest;
		fprintf(fp, "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		            "height=\"%.1f\" fill=\"#4a7ab5\"/>\n",
		        ax.origin_x + b * bar_w, ax.origin_y - bar_h, bar_w - 2.0, bar_h);
	}
	double avg_x = ax.origin_x + national_average_income / ax.max_value * ax.width;
	fprintf(fp, "  <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	            "stroke=\"#c00\" stroke-dasharray=\"4\"/>\n",
	        avg_x, ax.origin_y, avg_x, ax.origin_y - ax.height);
	fprintf(fp, "</svg>\n");
	return ferror(fp) ? -1 : 0;
}
