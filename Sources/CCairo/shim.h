// Cairo for drawing (faces, charts, the PDF booklet) and Pango for laying out text on it.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>
#include <pango/pangocairo.h>
