import type { Token } from './text.tokenizer.js';
import type { SpamResult, TriageInput } from './triage.types.js';

type Cue = 'legal' | 'safety' | 'outage' | 'time' | 'spam';

const CUE_WORDS: Record<Cue, string> = {
  legal: 'lawyer lawyers attorney attorneys sue suing lawsuit litigation court solicitor ombudsman regulator bbb cfpb fca ftc trading-standards chargeback legal',
  safety: 'fire smoke smoking injured injury injuries hurt unsafe danger dangerous emergency ambulance bleeding allergic anaphylaxis threat threatened bomb weapon gun assault assaulted harassed harassment overheating overheated exploded explode explosion sparks sparking burned burnt burns poisoning choking collapsed unconscious suicide',
  outage: 'outage outages down offline unavailable unreachable crashed crashing crashes 500 502 503 504 everyone nationwide',
  time: 'urgent urgently asap immediately emergency now tonight today deadline stranded',
  spam: 'crypto bitcoin btc eth ethereum nft nfts airdrop giveaway giveaways winner prize claim forex invest investment profit profits earn passive income promo discount viagra casino betting loan loans followers telegram whatsapp onlyfans',
};

const CUE_PHRASES: Record<Cue, string[]> = {
  legal: ['legal action', 'take you to court', 'small claims', 'see you in court', 'report you', 'reporting you', 'my lawyer', 'consumer protection', 'trading standards'],
  safety: ['not safe', 'carbon monoxide', 'gas leak', 'caught fire', 'on fire', 'food poisoning', 'allergic reaction', 'broken glass', 'child safety', 'felt unsafe'],
  outage: ['not working', 'is down', 'app down', 'site down', 'website down', 'service down', "can't access", 'cannot access', 'no service', 'no signal', 'no internet', 'no power', 'not loading', "won't load"],
  time: ['right now', 'as soon as possible', 'flight leaves', 'in an hour', 'last chance'],
  spam: ['click here', 'check my bio', 'link in bio', 'dm me', 'dm for', 'follow back', 'free money', 'double your', 'limited time', 'act now', 'get rich', 'work from home', '100% free', 'guaranteed'],
};

const WORD_CUES = new Map<string, Cue>();
const PHRASE_CUES = new Map<string, Cue>();
for (const cue of Object.keys(CUE_WORDS) as Cue[]) {
  for (const w of CUE_WORDS[cue].split(' ')) WORD_CUES.set(w.replace('-', ' '), cue);
  for (const p of CUE_PHRASES[cue]) PHRASE_CUES.set(p, cue);
}
const PHRASE_STARTS = new Set([...PHRASE_CUES.keys()].map((p) => p.slice(0, p.indexOf(' '))));

/** How many cues of each kind a message carries, plus the shape facts spam scoring needs. */
export interface MessageCues {
  legal: number;
  safety: number;
  outage: number;
  time: number;
  spam: number;
  urls: number;
  mentions: number;
  hashtags: number;
  emoji: number;
  words: number;
  capsWords: number;
  repeatedWords: number;
  exclamations: number;
}

/** Counts urgency and spam cues in one pass over the tokens. */
export function collectCues(tokens: readonly Token[]): MessageCues {
  const cues: MessageCues = { legal: 0, safety: 0, outage: 0, time: 0, spam: 0, urls: 0, mentions: 0, hashtags: 0, emoji: 0, words: 0, capsWords: 0, repeatedWords: 0, exclamations: 0 };
  let previous = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'url') cues.urls++;
    else if (t.kind === 'mention') cues.mentions++;
    else if (t.kind === 'hashtag') cues.hashtags++;
    else if (t.kind === 'emoji') cues.emoji++;
    else if (t.kind === 'punct') cues.exclamations += t.lower.includes('!') ? 1 : 0;
    else {
      cues.words++;
      if (t.allCaps) cues.capsWords++;
      if (t.lower === previous) cues.repeatedWords++;
      previous = t.lower;
    }
    const word = t.kind === 'hashtag' ? t.lower.slice(1) : t.lower;
    const cue = WORD_CUES.get(word);
    if (cue) cues[cue]++;
    if (PHRASE_STARTS.has(word) && i + 1 < tokens.length) {
      const two = `${word} ${(tokens[i + 1] as Token).lower}`;
      const phrase = PHRASE_CUES.get(two) ?? (i + 2 < tokens.length ? PHRASE_CUES.get(`${two} ${(tokens[i + 2] as Token).lower}`) : undefined);
      if (phrase) cues[phrase]++;
    }
  }
  return cues;
}

function saturate(count: number, weight: number): number {
  return 1 - Math.pow(1 - weight, count);
}

/** Urgency in 0..1 from legal threats, safety and outage words, time pressure, anger and shouting. */
export function scoreUrgency(cues: MessageCues, sentimentScore: number): number {
  const keep = (1 - saturate(cues.legal, 0.6)) * (1 - saturate(cues.safety, 0.6)) * (1 - saturate(cues.outage, 0.35)) * (1 - saturate(cues.time, 0.25));
  const anger = sentimentScore < 0 ? -sentimentScore * 0.25 : 0;
  const shouting = cues.words >= 3 && cues.capsWords / cues.words > 0.6 ? 0.1 : 0;
  const urgency = 1 - keep * (1 - anger) * (1 - shouting) * (1 - Math.min(cues.exclamations, 3) * 0.03);
  return Math.round(Math.min(1, urgency) * 1000) / 1000;
}

/** Author influence in 0..1: log-scaled followers (1M ≈ 1) and verified accounts (the message's reach is virality, see virality.ts). */
export function scoreInfluence(input: Pick<TriageInput, 'author'>): number {
  const followers = Math.max(0, input.author?.followers ?? 0);
  const base = Math.log10(1 + followers) / 6;
  const verified = input.author?.verified ? 0.2 : 0;
  return Math.round(Math.min(1, base + verified) * 1000) / 1000;
}

/** Spam / bot likelihood from links, mention and hashtag stuffing, repetition, capitals and giveaway/crypto wording. */
export function scoreSpam(cues: MessageCues, textLength: number): SpamResult {
  const words = Math.max(cues.words, 1);
  let z = -3.2;
  z += Math.min(cues.urls, 3) * 0.9;
  z += Math.min(cues.spam, 4) * 1.1;
  z += cues.mentions > 3 ? 1.2 : 0;
  z += cues.hashtags > 3 ? 1 + (cues.hashtags - 4) * 0.25 : 0;
  z += cues.repeatedWords >= 2 ? 1.2 : 0;
  z += cues.words >= 4 && cues.capsWords / words > 0.7 ? 0.9 : 0;
  z += cues.emoji / words > 0.5 && cues.emoji >= 4 ? 0.8 : 0;
  z += textLength > 0 && cues.words === 0 && cues.urls > 0 ? 1.5 : 0;
  const score = 1 / (1 + Math.exp(-z));
  return { score: Math.round(score * 1000) / 1000, isSpam: score >= 0.7 };
}
