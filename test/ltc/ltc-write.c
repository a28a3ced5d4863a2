/*
 * LTC written by libltc's encoder, for the tests of Sprocket's LTC reader. Usage:
 * ltc-write SAMPLE_RATE FPS HH:MM:SS:FF FRAMES OUT.u8
 * writes FRAMES frames of LTC from the timecode, as unsigned 8-bit mono samples (libltc's own format).
 * FPS 23.976 and 24 are 24-frame timecode, 25 is 25, 29.97 is 30-frame drop frame, 30 non-drop.
 */
#include <ltc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: ltc-write SAMPLE_RATE FPS HH:MM:SS:FF FRAMES OUT.u8\n");
    return 2;
  }
  double rate = atof(argv[1]), fps = atof(argv[2]);
  int h, m, s, f, frames = atoi(argv[4]);
  if (sscanf(argv[3], "%d:%d:%d:%d", &h, &m, &s, &f) != 4) return 2;
  enum LTC_TV_STANDARD standard = fps == 25 ? LTC_TV_625_50 : fps < 25 ? LTC_TV_FILM_24 : LTC_TV_525_60;
  LTCEncoder *e = ltc_encoder_create(rate, fps, standard, 0);
  SMPTETimecode t;
  memset(&t, 0, sizeof t);
  strcpy(t.timezone, "+0000");
  t.hours = h, t.mins = m, t.secs = s, t.frame = f;
  ltc_encoder_set_timecode(e, &t);
  FILE *out = fopen(argv[5], "wb");
  if (!out) {
    perror(argv[5]);
    return 1;
  }
  for (int i = 0; i < frames; i++) {
    ltc_encoder_encode_frame(e);
    ltcsnd_sample_t *buf;
    int n = ltc_encoder_get_bufferptr(e, &buf, 1);
    fwrite(buf, 1, n, out);
    ltc_encoder_inc_timecode(e);
  }
  fclose(out);
  ltc_encoder_free(e);
  return 0;
}
