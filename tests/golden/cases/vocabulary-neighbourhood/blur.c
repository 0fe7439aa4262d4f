/* An image filter: the neighbourhood of each pixel. */
void blur(const unsigned char *pixels, int width, int neighbourhood);
