// Solves an ALTCHA challenge (https://altcha.org, format v1) in the browser: finds the number n
// with SHA-256(salt + n) = challenge and returns the solution payload ALTCHA defines (base64
// of its JSON), or null when no number up to maxNumber fits.
// Run by ui.run_javascript on « Créer un compte »; nothing of it is shown unless it fails.
//
// SHA-256 is computed here rather than with crypto.subtle: that API exists only on HTTPS (or
// localhost) pages, and answering each digest asynchronously makes it ~20 times slower, so a
// browser would do less work than a script in the same time.
(async function solveAltcha(c) {
  try {
    const K = [];
    const H0 = [];
    for (let p = 2, found = 0; found < 64; p++) {
      let prime = true;
      for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
      if (!prime) continue;
      if (found < 8) H0.push((Math.pow(p, 1 / 2) * 4294967296) | 0);
      K.push((Math.pow(p, 1 / 3) * 4294967296) | 0);
      found++;
    }
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    const w = new Int32Array(64);
    // The digest of an ASCII text, as eight 32-bit words.
    function sha256(text) {
      const length = text.length;
      const words = new Int32Array(((length + 8) >> 6) * 16 + 16);
      for (let i = 0; i < length; i++) words[i >> 2] |= text.charCodeAt(i) << (24 - (i % 4) * 8);
      words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
      words[words.length - 1] = length * 8;
      const h = H0.slice();
      for (let j = 0; j < words.length; j += 16) {
        for (let i = 0; i < 64; i++) {
          if (i < 16) {
            w[i] = words[j + i];
          } else {
            const a = w[i - 15];
            const b = w[i - 2];
            const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
            const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
            w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
          }
        }
        let [a, b, cc, d, e, f, g, hh] = h;
        for (let i = 0; i < 64; i++) {
          const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
          const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
          const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
          const t2 = (s0 + ((a & b) ^ (a & cc) ^ (b & cc))) | 0;
          hh = g; g = f; f = e; e = (d + t1) | 0; d = cc; cc = b; b = a; a = (t1 + t2) | 0;
        }
        const next = [a, b, cc, d, e, f, g, hh];
        for (let i = 0; i < 8; i++) h[i] = (h[i] + next[i]) | 0;
      }
      return h;
    }
    const target = [];
    for (let i = 0; i < 8; i++) target.push(parseInt(c.challenge.slice(i * 8, i * 8 + 8), 16) | 0);
    for (let start = 0; start <= c.maxNumber; start += 20000) {
      for (let n = start; n < Math.min(start + 20000, c.maxNumber + 1); n++) {
        const h = sha256(c.salt + n);
        if (h[0] === target[0] && h.every((word, i) => word === target[i])) {
          const { algorithm, challenge, salt, signature } = c;
          return btoa(JSON.stringify({ algorithm, challenge, number: n, salt, signature }));
        }
      }
      // Let the page answer the person between rounds.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return null;
  } catch (error) {
    return null;
  }
})
