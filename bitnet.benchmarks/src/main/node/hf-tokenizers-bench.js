// Encode throughput of Hugging Face's Rust tokenizers through the official Node binding (npm `tokenizers`),
// on the same chunks the JMH TokenizerEncodeBenchmark uses: bench.txt split after each '\n', lines joined
// into chunks of at least 16384 UTF-16 units, each chunk encoded without special tokens, one call at a time.
//
//   npm install tokenizers@0.23.2      (in a scratch folder; node_modules stays out of the repository)
//   UV_THREADPOOL_SIZE=1 RAYON_NUM_THREADS=1 NODE_PATH=<scratch>/node_modules \
//     node hf-tokenizers-bench.js <fixtures/tokenizers> [passes] [name...]
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const CHUNK = 16384;
const root = process.argv[2];
const passes = parseInt(process.argv[3] || '3', 10);
const names = process.argv.length > 4 ? process.argv.slice(4) : ['llama3', 'mistral', 'gpt2', 'bert-base-uncased'];

const text = fs.readFileSync(path.join(root, 'bench.txt'), 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');
const chunks = [];
let cur = '';
let start = 0;
for (let i = 0; i < text.length; i++) {
  if (text.charCodeAt(i) === 10) {
    cur += text.substring(start, i + 1);
    start = i + 1;
    if (cur.length >= CHUNK) {
      chunks.push(cur);
      cur = '';
    }
  }
}
cur += text.substring(start);
if (cur.length > 0) chunks.push(cur);

async function pass(tok) {
  let tokens = 0;
  for (const c of chunks) {
    const e = await tok.encode(c, null, { addSpecialTokens: false });
    tokens += e.getIds().length;
  }
  return tokens;
}

(async () => {
  console.log(`bench.txt: ${bytes} bytes, ${chunks.length} chunks`);
  for (const name of names) {
    const file = path.join(root, 'models', name, 'tokenizer.json');
    const t0 = process.hrtime.bigint();
    const tok = Tokenizer.fromFile(file);
    const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const tokens = await pass(tok); // warm-up pass
    const rates = [];
    for (let p = 0; p < passes; p++) {
      const s = process.hrtime.bigint();
      await pass(tok);
      const sec = Number(process.hrtime.bigint() - s) / 1e9;
      rates.push(bytes / 1e6 / sec);
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(`${name}: load ${loadMs.toFixed(0)} ms, ${tokens} tokens, encode MB/s per pass ${rates.map((r) => r.toFixed(2)).join(' ')}, mean ${mean.toFixed(2)}`);
  }
})();
