import type { StoryBeat, StoryTemplate, TrafficRoute } from './traffic.types.js';

/** One more person adding their voice to the storm, in a post of their own. */
const voice = (route: TrafficRoute, text: string): StoryBeat => ({ route, text, author: 'crowd', fresh: true });
/** One more person answering the storm's first public post on that route. */
const joining = (route: TrafficRoute, text: string): StoryBeat => ({ route, text, author: 'crowd' });

/**
 * Complaint storms that brew slowly: a few puzzled questions, then more and angrier voices on every channel. The
 * simulator spreads their messages ever closer together. Written for the demo.
 */
export const trafficStorms: readonly StoryTemplate[] = [
  (s) => ({ theme: 'storm', beats: [
    voice('x', `@acmeair ${s.flight} from ${s.city} is showing a 45 minute delay. Any reason?`),
    voice('facebook', `Is ${s.flight} ${s.city} to London leaving today? The board just says delayed.`),
    voice('x', `@acmeair now 90 minutes late on ${s.flight}. Gate staff don't know anything.`),
    voice('whatsapp', `Hi, I'm on ${s.flight} from ${s.city}. Nobody has told us anything for an hour. Will I make my connection at Gatwick?`),
    voice('instagram', `Stuck at ${s.city} airport on ${s.flight}, two hours and counting. No announcements 😡`),
    joining('x', `@acmeair same here on ${s.flight}, the kids are getting restless. Can someone tell us what's going on?`),
    voice('messenger', `Hello, I'm booked on ${s.flight} tonight. Should I still go to the airport? The app says delayed but shows no new time.`),
    voice('facebook', `${s.flight}: two and a half hours late and the food voucher is €5. That buys a bottle of water here.`),
    voice('x', `@acmeair ${s.flight} passengers have been sitting on the floor at the gate for three hours. Where is the aircraft?`),
    voice('whatsapp', `Do we get compensation for ${s.flight}? It's over three hours now.`),
    voice('instagram', `Lovely pictures on your feed while 180 of us are stuck in ${s.city} on ${s.flight}. Maybe post an update instead?`),
    joining('facebook', 'Same on our side. Still nobody at the transfer desk.'),
    voice('x', `@acmeair ${s.flight} crew just told us they're out of hours. Are you cancelling?`),
    voice('whatsapp', `I just heard ${s.flight} is cancelled?! Is that true? Nobody at the desk can confirm.`),
    joining('x', `@acmeair cancelled after four hours and no word about hotels. This is a joke.`),
    voice('messenger', `My mum was on ${s.flight} and is now stranded in ${s.city}. Who do I call? She doesn't have a smartphone.`),
    voice('instagram', `${s.flight} cancelled. Chaos at the transfer desk: one person serving 180 passengers.`),
    voice('x', `@acmeair the rebooking link for ${s.flight} passengers just shows an error page.`),
    voice('facebook', `For other ${s.flight} passengers: they're handing out hotel vouchers at desk 3 now.`),
    voice('whatsapp', 'Got a hotel voucher but the hotel says it has no rooms left. What now?'),
    voice('x', `@acmeair it's midnight and we're still in ${s.city} airport, hotel full. Your silence is deafening.`),
    voice('telegram', `Hi, I was on the cancelled ${s.flight}. How do I claim the EU261 compensation?`),
    voice('line', `My flight ${s.flight} was cancelled. I need to be in London for work tomorrow. Please help.`),
    { route: 'email', author: 'crowd', subject: `${s.flight} cancellation: complaint and compensation claim`, text: `To whom it may concern,\n\nI was booked on ${s.flight} from ${s.city}, cancelled after a four hour delay. We were given no information, no meal and no hotel. I am claiming compensation under EU261 and reimbursement of my taxi and hotel.\n\nRegards,\n${s.name}` },
    voice('x', `@acmeair journalist here: how many passengers are affected by the ${s.flight} cancellation in ${s.city}? DMs open.`),
    joining('instagram', 'Same situation. Still no news about tomorrow\'s flight.'),
    voice('facebook', 'Rebooked onto tomorrow\'s 07:05. The staff at the desk were doing their best, it\'s not their fault.'),
  ] }),
  (s) => ({ theme: 'storm', beats: [
    voice('x', '@acmeair online check-in isn\'t working, it keeps saying "try again later"'),
    voice('whatsapp', `Hi, the app won't let me check in for ${s.flight} tomorrow. Is it down?`),
    voice('facebook', 'Is anyone else unable to check in online? Tried on a laptop and on my phone.'),
    joining('x', '@acmeair same, website check-in has been broken for an hour now'),
    voice('instagram', 'Can\'t check in and can\'t get through on the phone. What are we supposed to do?'),
    voice('messenger', 'The app charged me £15 for a seat during check-in and then crashed. Am I checked in or not?'),
    voice('x', '@acmeair two hours without online check-in. Will the airport desks charge us for checking in there?'),
    voice('telegram', 'Is check-in at the airport free today, since the website is down?'),
    voice('line', `I cannot get my boarding pass for ${s.flight}.`),
    { route: 'email', author: 'crowd', subject: 'Online check-in not working', text: `Hello,\n\nI have been trying to check in for ${s.flight} since this morning and the website fails every time at the last step. Please advise before check-in closes.\n\n${s.name}` },
    voice('x', '@acmeair your status page says "all systems operational". They are not.'),
    voice('whatsapp', 'Check-in closes in three hours for my flight and still nothing works.'),
    voice('facebook', `The queue at the ${s.city} check-in desks is out of the door because the app is down.`),
    joining('facebook', 'We\'ve been in that queue for 40 minutes.'),
    voice('instagram', 'Missed my flight because I couldn\'t check in online and the desk queue was an hour. Thanks a lot.'),
    voice('x', '@acmeair check-in is working again for me 👍'),
  ] }),
];
