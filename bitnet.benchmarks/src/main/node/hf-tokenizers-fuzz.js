// Differential fuzzing against Hugging Face's Rust tokenizers (npm `tokenizers`): writes seeded random texts and
// the library's outputs as JSON lines, the same fields as the fixtures' golden files.
//   NODE_PATH=<scratch>/node_modules node hf-tokenizers-fuzz.js <fixtures/tokenizers> <out-dir> [count] [seed]
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const root = process.argv[2];
const outDir = process.argv[3];
const count = parseInt(process.argv[4] || '1500', 10);
let seed = parseInt(process.argv[5] || '20261127', 10);
function rnd(n) { // xorshift32, deterministic
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed % n;
}
const pieces = [' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u3000', '\u2028', '\u0085', "'s", "'LL", "'ſ", 'Hello',
  'world', 'ÉTÉ', 'naïve', 'e\u0301', '\u1e9b\u0323', 'İstanbul', 'ΣΑΣ', 'straße', 'ﬁ', '①', '½', '²', '١٢٣',
  '12345678', '3.14', '中文字', '日本語のテキスト', '한국어', '\u1100\u1161\u11a8', 'ไทย', 'हिन्दी', 'عربي',
  '😀', '👨‍👩‍👧', '🇫🇷', '\u0000', '\u001b[0m', '\ufeff', '\u200b', '\u200d', '<s>', '</s>', '<unk>',
  '<|endoftext|>', '<|begin_of_text|>', '<|eot_id|>', '[CLS]', '[SEP]', '[MASK]', '[cls]', '▁', '▁▁x', '<0x41>',
  '##ing', '...', '?!', '—', '“quoted”', 'def f(x):\n    return x', '{"a": [1, 2]}', 'http://a.b/c?d=e',
  'x'.repeat(120), 'ab'.repeat(60), '\ud800', '\udc00x', '\u08df', '\u1dfa', '\ud840\udc00', '\u2f800', 'Ǆ', 'ǅ'];
function text() {
  let s = '';
  const n = rnd(12);
  for (let i = 0; i < n; i++) {
    if (rnd(4) === 0) {
      let cp = rnd(5) === 0 ? 0x10000 + rnd(0x20000) : rnd(0x3000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
      s += String.fromCodePoint(cp);
    } else {
      s += pieces[rnd(pieces.length)];
    }
  }
  return s;
}
const texts = [];
for (let i = 0; i < count; i++) texts.push(text());
(async () => {
  for (const name of ['llama3', 'llama3-bos', 'mistral', 'gpt2', 'bert-base-uncased']) {
    const tok = Tokenizer.fromFile(path.join(root, 'models', name, 'tokenizer.json'));
    const lines = [];
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i];
      const plain = await tok.encode(t, null, { addSpecialTokens: false });
      const special = await tok.encode(t, null, { addSpecialTokens: true });
      const ids = Array.from(plain.getIds());
      const idsSpecial = Array.from(special.getIds());
      lines.push(JSON.stringify({
        id: i, src: 'fuzz', text: t, ids, tokens: plain.getTokens(), ids_special: idsSpecial,
        decoded: await tok.decode(ids, false), decoded_skip_special: await tok.decode(idsSpecial, true),
      }));
    }
    fs.writeFileSync(path.join(outDir, name + '.fuzz.jsonl'), lines.join('\n') + '\n');
    console.log(name + ': ' + lines.length + ' records');
  }
})();
