// zlib, for gzip request bodies (Content-Encoding: gzip) in SightlineOTLP.
#include <zlib.h>
