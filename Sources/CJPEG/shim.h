// libjpeg-turbo's TurboJPEG API: decode and encode JPEG images.
#include <turbojpeg.h>
