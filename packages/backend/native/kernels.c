/*
 * fbnas native training kernels for the tfjs `wasm` backend (NHWC, float32).
 *
 * Built with tools/build-native.sh into src/wasm/native-kernels.wasm.base64.ts: clang --target=wasm32, SIMD128,
 * no libc. The module owns its linear memory; the JS side copies operands in and results out. Every function
 * works on plain float pointers into that memory and allocates nothing.
 *
 * Conventions: input x [N,H,W,C]; output gradient dy [N,Ho,Wo,Co]; pads are the top and left pads (bottom and
 * right follow from the shapes); dilation (dh, dw) and stride (sh, sw) are >= 1.
 */
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define RESTRICT __restrict__

static void zero(float *RESTRICT p, int n) {
  for (int i = 0; i < n; i++) p[i] = 0.0f;
}

/*
 * dW[i,j,c,m] = sum over n,oy,ox of x[n, oy*sh-pt+i*dh, ox*sw-pl+j*dw, c] * dy[n,oy,ox,c*M+m].
 * Accumulates per image in `scratch` (kh*kw*C*M floats) before adding to dw, which keeps the float32
 * rounding error of long sums small.
 */
EXPORT(depthwise_backprop_filter)
void depthwise_backprop_filter(const float *RESTRICT x, const float *RESTRICT dy, float *RESTRICT dwOut,
                               float *RESTRICT scratch, int N, int H, int W, int C, int M, int Ho, int Wo,
                               int kh, int kw, int sh, int sw, int dh, int dwl, int pt, int pl) {
  const int CM = C * M;
  const int size = kh * kw * CM;
  zero(dwOut, size);
  for (int n = 0; n < N; n++) {
    zero(scratch, size);
    for (int oy = 0; oy < Ho; oy++) {
      for (int i = 0; i < kh; i++) {
        const int iy = oy * sh - pt + i * dh;
        if (iy < 0 || iy >= H) continue;
        const float *xrow = x + ((int64_t)n * H + iy) * W * C;
        const float *dyrow = dy + ((int64_t)n * Ho + oy) * Wo * CM;
        for (int j = 0; j < kw; j++) {
          float *RESTRICT acc = scratch + (i * kw + j) * CM;
          for (int ox = 0; ox < Wo; ox++) {
            const int ix = ox * sw - pl + j * dwl;
            if (ix < 0 || ix >= W) continue;
            const float *RESTRICT xp = xrow + ix * C;
            const float *RESTRICT dp = dyrow + ox * CM;
            if (M == 1) {
              for (int c = 0; c < C; c++) acc[c] += xp[c] * dp[c];
            } else {
              for (int c = 0; c < C; c++)
                for (int m = 0; m < M; m++) acc[c * M + m] += xp[c] * dp[c * M + m];
            }
          }
        }
      }
    }
    for (int k = 0; k < size; k++) dwOut[k] += scratch[k];
  }
}

/* dx[n,iy,ix,c] = sum over i,j,m (with oy*sh-pt+i*dh = iy, ox*sw-pl+j*dw = ix) of w[i,j,c,m] * dy[n,oy,ox,c*M+m]. */
EXPORT(depthwise_backprop_input)
void depthwise_backprop_input(const float *RESTRICT dy, const float *RESTRICT w, float *RESTRICT dx, int N, int H,
                              int W, int C, int M, int Ho, int Wo, int kh, int kw, int sh, int sw, int dh, int dwl,
                              int pt, int pl) {
  const int CM = C * M;
  zero(dx, N * H * W * C);
  for (int n = 0; n < N; n++) {
    for (int oy = 0; oy < Ho; oy++) {
      const float *dyrow = dy + ((int64_t)n * Ho + oy) * Wo * CM;
      for (int i = 0; i < kh; i++) {
        const int iy = oy * sh - pt + i * dh;
        if (iy < 0 || iy >= H) continue;
        float *dxrow = dx + ((int64_t)n * H + iy) * W * C;
        for (int j = 0; j < kw; j++) {
          const float *RESTRICT wp = w + (i * kw + j) * CM;
          for (int ox = 0; ox < Wo; ox++) {
            const int ix = ox * sw - pl + j * dwl;
            if (ix < 0 || ix >= W) continue;
            float *RESTRICT xp = dxrow + ix * C;
            const float *RESTRICT dp = dyrow + ox * CM;
            if (M == 1) {
              for (int c = 0; c < C; c++) xp[c] += wp[c] * dp[c];
            } else {
              for (int c = 0; c < C; c++) {
                float s = 0.0f;
                for (int m = 0; m < M; m++) s += wp[c * M + m] * dp[c * M + m];
                xp[c] += s;
              }
            }
          }
        }
      }
    }
  }
}

/*
 * dW[i,j,ci,co] = sum over n,oy,ox of x[n, oy*sh-pt+i*dh, ox*sw-pl+j*dw, ci] * dy[n,oy,ox,co].
 * Per-image accumulation in `scratch` (kh*kw*Ci*Co floats), as above.
 */
EXPORT(conv2d_backprop_filter)
void conv2d_backprop_filter(const float *RESTRICT x, const float *RESTRICT dy, float *RESTRICT dwOut,
                            float *RESTRICT scratch, int N, int H, int W, int Ci, int Co, int Ho, int Wo, int kh,
                            int kw, int sh, int sw, int dh, int dwl, int pt, int pl) {
  const int size = kh * kw * Ci * Co;
  zero(dwOut, size);
  for (int n = 0; n < N; n++) {
    zero(scratch, size);
    for (int oy = 0; oy < Ho; oy++) {
      for (int i = 0; i < kh; i++) {
        const int iy = oy * sh - pt + i * dh;
        if (iy < 0 || iy >= H) continue;
        const float *xrow = x + ((int64_t)n * H + iy) * W * Ci;
        const float *dyrow = dy + ((int64_t)n * Ho + oy) * Wo * Co;
        for (int j = 0; j < kw; j++) {
          float *tap = scratch + (i * kw + j) * Ci * Co;
          for (int ox = 0; ox < Wo; ox++) {
            const int ix = ox * sw - pl + j * dwl;
            if (ix < 0 || ix >= W) continue;
            const float *RESTRICT xp = xrow + ix * Ci;
            const float *RESTRICT dp = dyrow + ox * Co;
            int ci = 0;
            for (; ci + 4 <= Ci; ci += 4) {
              const float a0 = xp[ci], a1 = xp[ci + 1], a2 = xp[ci + 2], a3 = xp[ci + 3];
              float *RESTRICT r0 = tap + ci * Co;
              float *RESTRICT r1 = r0 + Co;
              float *RESTRICT r2 = r1 + Co;
              float *RESTRICT r3 = r2 + Co;
              for (int co = 0; co < Co; co++) {
                const float d = dp[co];
                r0[co] += a0 * d;
                r1[co] += a1 * d;
                r2[co] += a2 * d;
                r3[co] += a3 * d;
              }
            }
            for (; ci < Ci; ci++) {
              const float a = xp[ci];
              float *RESTRICT r = tap + ci * Co;
              for (int co = 0; co < Co; co++) r[co] += a * dp[co];
            }
          }
        }
      }
    }
    for (int k = 0; k < size; k++) dwOut[k] += scratch[k];
  }
}

/*
 * Batch-norm training forward over rows of x [P, C]: per-channel batch mean and biased variance, then
 * y = gamma * (x - mean) * invStd + beta with invStd = 1/sqrt(var + eps). Writes mean, var and invStd [C].
 * `partial` is C floats of scratch. Sums are taken in blocks of 256 rows to bound rounding error.
 */
EXPORT(batch_norm_forward)
void batch_norm_forward(const float *RESTRICT x, const float *RESTRICT gamma, const float *RESTRICT beta,
                        float *RESTRICT y, float *RESTRICT mean, float *RESTRICT var, float *RESTRICT invStd,
                        float *RESTRICT partial, int P, int C, float eps) {
  zero(mean, C);
  zero(var, C);
  for (int p0 = 0; p0 < P; p0 += 256) {
    const int p1 = p0 + 256 < P ? p0 + 256 : P;
    zero(partial, C);
    for (int p = p0; p < p1; p++) {
      const float *RESTRICT row = x + (int64_t)p * C;
      for (int c = 0; c < C; c++) partial[c] += row[c];
    }
    for (int c = 0; c < C; c++) mean[c] += partial[c];
  }
  for (int c = 0; c < C; c++) mean[c] /= (float)P;
  for (int p0 = 0; p0 < P; p0 += 256) {
    const int p1 = p0 + 256 < P ? p0 + 256 : P;
    zero(partial, C);
    for (int p = p0; p < p1; p++) {
      const float *RESTRICT row = x + (int64_t)p * C;
      for (int c = 0; c < C; c++) {
        const float d = row[c] - mean[c];
        partial[c] += d * d;
      }
    }
    for (int c = 0; c < C; c++) var[c] += partial[c];
  }
  for (int c = 0; c < C; c++) {
    var[c] /= (float)P;
    invStd[c] = 1.0f / __builtin_sqrtf(var[c] + eps);
  }
  /* partial now holds the per-channel scale; y = x * scale + shift. */
  float *RESTRICT scale = partial;
  for (int c = 0; c < C; c++) scale[c] = gamma[c] * invStd[c];
  for (int p = 0; p < P; p++) {
    const float *RESTRICT row = x + (int64_t)p * C;
    float *RESTRICT out = y + (int64_t)p * C;
    for (int c = 0; c < C; c++) out[c] = (row[c] - mean[c]) * scale[c] + beta[c];
  }
}

/*
 * Batch-norm training backward, closed form: with xhat = (x - mean) * invStd,
 * dbeta = sum dy, dgamma = sum dy * xhat, dx = gamma * invStd * (dy - dbeta/P - xhat * dgamma/P).
 * `partial` is 2*C floats of scratch.
 */
EXPORT(batch_norm_backward)
void batch_norm_backward(const float *RESTRICT dy, const float *RESTRICT x, const float *RESTRICT mean,
                         const float *RESTRICT invStd, const float *RESTRICT gamma, float *RESTRICT dx,
                         float *RESTRICT dgamma, float *RESTRICT dbeta, float *RESTRICT partial, int P, int C) {
  zero(dgamma, C);
  zero(dbeta, C);
  float *RESTRICT pb = partial;
  float *RESTRICT pg = partial + C;
  for (int p0 = 0; p0 < P; p0 += 256) {
    const int p1 = p0 + 256 < P ? p0 + 256 : P;
    zero(partial, 2 * C);
    for (int p = p0; p < p1; p++) {
      const float *RESTRICT g = dy + (int64_t)p * C;
      const float *RESTRICT row = x + (int64_t)p * C;
      for (int c = 0; c < C; c++) {
        pb[c] += g[c];
        pg[c] += g[c] * (row[c] - mean[c]);
      }
    }
    for (int c = 0; c < C; c++) {
      dbeta[c] += pb[c];
      dgamma[c] += pg[c];
    }
  }
  for (int c = 0; c < C; c++) dgamma[c] *= invStd[c];
  /* Reuse partial: a[c] = gamma*invStd, b[c] = a * dbeta / P, k[c] = a * invStd * dgamma / P (per unit x-mean). */
  float *RESTRICT a = partial;
  float *RESTRICT k = partial + C;
  for (int c = 0; c < C; c++) {
    a[c] = gamma[c] * invStd[c];
    k[c] = a[c] * invStd[c] * dgamma[c] / (float)P;
  }
  for (int p = 0; p < P; p++) {
    const float *RESTRICT g = dy + (int64_t)p * C;
    const float *RESTRICT row = x + (int64_t)p * C;
    float *RESTRICT out = dx + (int64_t)p * C;
    for (int c = 0; c < C; c++)
      out[c] = a[c] * (g[c] - dbeta[c] / (float)P) - k[c] * (row[c] - mean[c]);
  }
}

/*
 * Synchronized (data-parallel) batch norm, in phases between which the workers exchange per-channel sums
 * (src/synchronized-batch-norm.ts). Sums accumulate in double, as the JS fallback does, so a worker's shard
 * rounds like any other split of the batch.
 */

/* out[c] = sum over p of x[p, c], in double. */
EXPORT(channel_sums_f64)
void channel_sums_f64(const float *RESTRICT x, double *RESTRICT out, int P, int C) {
  for (int c = 0; c < C; c++) out[c] = 0.0;
  for (int p = 0; p < P; p++) {
    const float *RESTRICT row = x + (int64_t)p * C;
    for (int c = 0; c < C; c++) out[c] += (double)row[c];
  }
}

/* out[c] = sum over p of (x[p, c] - mean[c])^2, in double. */
EXPORT(channel_squared_deviations_f64)
void channel_squared_deviations_f64(const float *RESTRICT x, const double *RESTRICT mean, double *RESTRICT out, int P, int C) {
  for (int c = 0; c < C; c++) out[c] = 0.0;
  for (int p = 0; p < P; p++) {
    const float *RESTRICT row = x + (int64_t)p * C;
    for (int c = 0; c < C; c++) {
      const double d = (double)row[c] - mean[c];
      out[c] += d * d;
    }
  }
}

/* y = (x - mean) * scale + offset per channel, in float32 (scale = gamma * invStd). */
EXPORT(batch_norm_apply)
void batch_norm_apply(const float *RESTRICT x, const float *RESTRICT mean, const float *RESTRICT scale,
                      const float *RESTRICT offset, float *RESTRICT y, int P, int C) {
  for (int p = 0; p < P; p++) {
    const float *RESTRICT row = x + (int64_t)p * C;
    float *RESTRICT out = y + (int64_t)p * C;
    for (int c = 0; c < C; c++) out[c] = (row[c] - mean[c]) * scale[c] + offset[c];
  }
}

/* out[c] = sum dy[p, c]; out[C + c] = sum dy[p, c] * (x[p, c] - mean[c]) * invStd[c]; in double. */
EXPORT(batch_norm_backward_sums_f64)
void batch_norm_backward_sums_f64(const float *RESTRICT dy, const float *RESTRICT x, const float *RESTRICT mean,
                                  const float *RESTRICT invStd, double *RESTRICT out, int P, int C) {
  for (int c = 0; c < 2 * C; c++) out[c] = 0.0;
  for (int p = 0; p < P; p++) {
    const float *RESTRICT g = dy + (int64_t)p * C;
    const float *RESTRICT row = x + (int64_t)p * C;
    for (int c = 0; c < C; c++) {
      out[c] += (double)g[c];
      out[C + c] += (double)g[c] * ((double)row[c] - (double)mean[c]) * (double)invStd[c];
    }
  }
}

/*
 * dx = (gamma * invStd) * ((dy - meanDy) - xhat * meanDyXhat), xhat = (x - mean) * invStd, in float32 in that
 * order, with the group's per-channel means of dy and dy * xhat.
 */
EXPORT(batch_norm_backward_apply)
void batch_norm_backward_apply(const float *RESTRICT dy, const float *RESTRICT x, const float *RESTRICT mean,
                               const float *RESTRICT invStd, const float *RESTRICT gamma, const float *RESTRICT meanDy,
                               const float *RESTRICT meanDyXhat, float *RESTRICT dx, int P, int C) {
  for (int p = 0; p < P; p++) {
    const float *RESTRICT g = dy + (int64_t)p * C;
    const float *RESTRICT row = x + (int64_t)p * C;
    float *RESTRICT out = dx + (int64_t)p * C;
    for (int c = 0; c < C; c++) {
      const float a = gamma[c] * invStd[c];
      const float xhat = (row[c] - mean[c]) * invStd[c];
      out[c] = a * ((g[c] - meanDy[c]) - xhat * meanDyXhat[c]);
    }
  }
}
