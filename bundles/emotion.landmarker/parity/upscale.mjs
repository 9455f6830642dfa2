// Line-by-line JavaScript copy of the Java resampler bundles/emotion.api/src/main/java/org/emotionlens/api/image/
// Upscale.java (Keys' cubic convolution a = -0.5, separable rows then columns, pixel centres aligned, edges
// clamped, double precision, rounded half up with floor(v + 0.5), clamped to 0..255), so that MediaPipe in the
// browser gets exactly the pixels the Java data-set build computes. Every double operation is the same one, in the
// same order, as in the Java code (JavaScript numbers are IEEE doubles like Java's double; Java evaluates
// `(x + 0.5) * w / ow - 0.5` left to right as JavaScript does). Keep the two in step: ParityTest compares the
// sha256 of the Java result with the one recorded here for every upscaled fixture image.
//
// Images are {width, height, rgb} with rgb packed 8-bit R,G,B, row-major (Uint8Array of width*height*3).
// Plain ES module without imports: generate.mjs serves it to the runner page, which applies it to the RGB the
// browser decoded.

/** The image enlarged so that its longer side is `target` pixels; unchanged when already that large or target <= 0. */
export function toLongerSide(img, target) {
  const longer = Math.max(img.width, img.height);
  if (target <= 0 || longer >= target) {
    return img;
  }
  const s = target / longer;
  // Java: (int) Math.round(img.width() * s); the values are positive, where Math.round agrees with Java's.
  return bicubic(img, Math.round(img.width * s), Math.round(img.height * s));
}

/** The image resampled to ow x oh. */
export function bicubic(img, ow, oh) {
  const w = img.width;
  const h = img.height;
  const src = img.rgb;
  // rows: w x h -> ow x h
  const tmp = new Float64Array(ow * h * 3);
  for (let x = 0; x < ow; x++) {
    const pos = (x + 0.5) * w / ow - 0.5;
    const x0 = Math.floor(pos);
    const k = weights(pos - x0);
    for (let y = 0; y < h; y++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let i = 0; i < 4; i++) {
          v += k[i] * (src[(y * w + clamp(x0 - 1 + i, w)) * 3 + c] & 0xff);
        }
        tmp[(y * ow + x) * 3 + c] = v;
      }
    }
  }
  // columns: ow x h -> ow x oh
  const out = new Uint8Array(ow * oh * 3);
  for (let y = 0; y < oh; y++) {
    const pos = (y + 0.5) * h / oh - 0.5;
    const y0 = Math.floor(pos);
    const k = weights(pos - y0);
    for (let x = 0; x < ow; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let i = 0; i < 4; i++) {
          v += k[i] * tmp[(clamp(y0 - 1 + i, h) * ow + x) * 3 + c];
        }
        const r = Math.floor(v + 0.5);
        out[(y * ow + x) * 3 + c] = Math.max(0, Math.min(255, r));
      }
    }
  }
  return { width: ow, height: oh, rgb: out };
}

/** Weights of the 4 neighbours at offsets -1, 0, 1, 2 for a point t (0 <= t < 1) past the first. */
function weights(t) {
  return [cubic(t + 1), cubic(t), cubic(1 - t), cubic(2 - t)];
}

/** Keys' kernel with a = -0.5. */
export function cubic(d) {
  const x = Math.abs(d);
  if (x <= 1) {
    return 1.5 * x * x * x - 2.5 * x * x + 1;
  }
  if (x < 2) {
    return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
  }
  return 0;
}

function clamp(i, n) {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
