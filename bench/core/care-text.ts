/** Customer-care text with a Zipf-like word distribution, shared by the core benchmark's generators (seeded randomness: common/seeded-random.ts). */


/** Picks ranks 0…n-1 with probability ∝ 1 / (rank + 1 + offset)^s (Zipf–Mandelbrot), by binary search over the cumulative weights. */
export function zipfSampler(n: number, s: number, random: () => number, offset = 0): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank += 1) {
    total += 1 / (rank + 1 + offset) ** s;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** Picks one item of a list uniformly. */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

// Function words first, then the words of customer care: rank decides frequency, as in real inboxes.
const functionWords = 'i my the to and a is for it on was of you have not this with me your in been can but still no why what when are at just be will do so any get we they has an from now if or how there our all about again please'.split(' ');
const careWords = (
  'order flight help refund account delivery cancelled thanks service waiting hours package late customer support card payment days ' +
  'booking charged app email number phone call hold agent issue problem update error login password bill money back week tracking ' +
  'delayed baggage seat gate airport ticket hotel reservation store item size return exchange damaged broken missing wrong received ' +
  'shipping address subscription plan upgrade cancel cancellation charge fee double twice receipt invoice credit debit bank transfer ' +
  'chat message reply response manager complaint terrible awful disappointed frustrated angry great love amazing appreciate quick ' +
  'slow rude helpful friendly staff crew pilot luggage lost found claim compensation voucher points miles status tier member ' +
  'loyalty discount code promo coupon price sale stock available shipped courier driver doorstep signature parcel box product quality ' +
  'warranty repair replacement technician appointment schedule outage internet wifi signal router speed mobile data roaming sim ' +
  'contract renewal verify verification identity locked blocked fraud suspicious security otp reset username profile settings ' +
  'notification crash freezes bug version android iphone website checkout basket cart browser screen'
).split(' ');
const rareWords = 'chargeback escalate ombudsman solicitor gdpr accessibility wheelchair allergy kosher halal bereavement visa passport customs dispute overbooked downgrade layover stopover'.split(' ');

/** Pseudo-words for the long tail of names, places and products every inbox has (deterministic, pronounceable). */
function tailWords(count: number): string[] {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'];
  const vowels = ['a', 'e', 'i', 'o', 'u'];
  const words: string[] = [];
  for (let i = 0; words.length < count; i += 1) {
    let word = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / 70)) word += `${onsets[n % 14]}${vowels[Math.floor(n / 14) % 5]}`;
    words.push(`${word}ro`);
  }
  return words;
}

const headWords = [...functionWords, ...careWords];
// The rare care words sit at the far end of the tail: a few dozen messages in a million.
const tail = [...tailWords(3_000), ...rareWords];
const tailShare = 0.08;

/** Every word the generated text uses. */
export const careVocabulary: readonly string[] = [...headWords, ...tail];

/** Words a user would search for, by how common they are in the generated text. */
export const searchWords = {
  common: ['order', 'flight', 'refund', 'delivery', 'account'],
  mid: ['baggage', 'damaged', 'invoice', 'password', 'upgrade', 'courier', 'warranty', 'roaming'],
  rare: ['chargeback', 'ombudsman', 'wheelchair', 'bereavement', 'overbooked'],
  twoWords: [['cancelled', 'flight'], ['damaged', 'package'], ['double', 'charged'], ['lost', 'baggage'], ['reset', 'password']],
  prefixes: ['refu', 'canc', 'deliv', 'passw', 'compens'],
} as const;

/** Writes short customer-care messages: Zipf-distributed words, sometimes an order number or a name. */
export function careTextWriter(random: () => number): () => string {
  const head = zipfSampler(headWords.length, 1, random);
  const rare = zipfSampler(tail.length, 1, random);
  const word = () => (random() < tailShare ? tail[rare()] : headWords[head()]) as string;
  const names = ['Jane', 'Sam', 'Priya', 'Luis', 'Mei', 'Tom', 'Aisha', 'Olu', 'Kenji', 'Sofia'];
  return () => {
    const length = 6 + Math.floor(random() * random() * 30);
    const words: string[] = [];
    for (let i = 0; i < length; i += 1) words.push(word());
    if (random() < 0.2) words.push(`#${100_000 + Math.floor(random() * 900_000)}`);
    if (random() < 0.1) words.unshift(`Hi ${pick(names, random)},`);
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.3 ? '!' : '.'}`;
  };
}
