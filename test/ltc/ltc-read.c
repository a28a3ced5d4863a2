/*
 * An independent LTC reader for the tests: libltc's decoder (Debian's libltc-dev) over raw float32
 * mono samples. Usage: ltc-read SAMPLES.f32 SAMPLES_PER_FRAME. Prints one line a decoded word:
 * label (';' before the frames when the drop-frame bit is set), first and last sample, reverse flag,
 * user bits.
 */
#include <ltc.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ltc-read SAMPLES.f32 SAMPLES_PER_FRAME\n");
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  LTCDecoder *decoder = ltc_decoder_create(atoi(argv[2]), 64);
  float buf[4096];
  size_t n;
  ltc_off_t pos = 0;
  LTCFrameExt frame;
  SMPTETimecode t;
  while ((n = fread(buf, sizeof(float), 4096, in)) > 0) {
    ltc_decoder_write_float(decoder, buf, n, pos);
    pos += n;
    while (ltc_decoder_read(decoder, &frame)) {
      ltc_frame_to_time(&t, &frame.ltc, 0);
      printf("%02d:%02d:%02d%c%02d %lld %lld %d %lu\n", t.hours, t.mins, t.secs, frame.ltc.dfbit ? ';' : ':', t.frame,
             (long long)frame.off_start, (long long)frame.off_end, frame.reverse, ltc_frame_get_user_bits(&frame.ltc));
    }
  }
  ltc_decoder_free(decoder);
  fclose(in);
  return 0;
}
