import type { DemoScenario } from './demo-scenario.js';

const hannah = { id: '90210417', name: 'Hannah Lee', handle: 'hannahlee_travels', followers: 2_340 };
const daniel = { id: '55310082', name: 'Daniel Price', handle: 'dprice', followers: 418 };

/** Public posts, comments and replies on X, Facebook and Instagram. Written for the demo. */
export const socialScenarios: DemoScenario[] = [
  {
    channel: 'x', visibility: 'public', customer: hannah, hoursAgo: 3,
    messages: [
      { at: 0, text: '@acmeair AX204 to Lisbon cancelled 40 minutes before boarding and nobody at the gate can tell us anything. 200 people just standing around at Heathrow T3. Brilliant.' },
      { at: 12, fromBrand: true, text: '@hannahlee_travels We\'re really sorry, Hannah. AX204 is cancelled because of a technical fault. Please send us a DM with your booking reference and we\'ll get you rebooked.' },
      { at: 25, text: '@acmeair DM sent. Also the rebooking link in the app just shows an error page.' },
    ],
    handling: { queue: 'help', assignee: 'tom', priority: 'high', tags: ['cancellation', 'app'], reply: '@hannahlee_travels Thanks Hannah, we have your DM and are rebooking you on the first flight tomorrow at 07:10. A hotel voucher is on its way by email.' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '31177640', name: 'Callum Reid', handle: 'callumreid', followers: 96 }, hoursAgo: 20,
    messages: [
      { at: 0, text: '@acmeair flew in to Edinburgh last night on AX1462, my bag didn\'t. Filed a report at the desk, reference EDIAX31842. How long does this usually take?' },
      { at: 45, fromBrand: true, text: '@callumreid Sorry your bag didn\'t make it, Callum. Most delayed bags are delivered within 48 hours. We\'re tracing it now and will update you here.' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['baggage'], status: 'pending', note: 'Bag located in LHR, on tonight\'s AX1468. Courier booked for tomorrow morning.' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '72004913', name: 'Maya Fernandes', handle: 'mayaf', followers: 1_205 }, hoursAgo: 30,
    messages: [
      { at: 0, text: 'Huge thanks to the crew of @acmeair AX118 to Lisbon today. My daughter was terrified of flying and the purser let her see the cockpit after landing. She hasn\'t stopped talking about it!' },
    ],
    handling: { assignee: 'marco', tags: ['praise', 'crew'], status: 'resolved', reply: '@mayaf This made our day, Maya! We\'ve passed your kind words on to the crew of AX118. Welcome back on board any time.' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '60015228', name: 'Jonas Weber', handle: 'jonas_w', followers: 57 }, hoursAgo: 44,
    messages: [
      { at: 0, text: '@acmeair what are the hand luggage dimensions on the Economy Light fare? Is a backpack allowed on top of the cabin bag?' },
      { at: 18, fromBrand: true, text: '@jonas_w Hi Jonas. Economy Light includes one small bag (40x30x20 cm) that fits under the seat. A cabin bag for the overhead locker can be added in Manage Booking.' },
      { at: 31, text: '@acmeair perfect, thanks for the quick answer' },
    ],
    handling: { tags: ['baggage', 'question'], status: 'resolved' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '10044571', name: 'Sophie Grant', handle: 'sophiegrant_news', followers: 184_000, verified: true }, hoursAgo: 5,
    messages: [
      { at: 0, text: 'Four hours on the tarmac at Manchester on @acmeair AX331, no water handed out, toilets closed for the last hour. Passengers with small children in tears. Is this really acceptable?' },
      { at: 9, by: { id: '82266310', name: 'Rob Turner', handle: 'robturner', followers: 230 }, text: '@sophiegrant_news @acmeair I\'m on this flight too. Crew are doing their best but clearly have no information either.' },
    ],
    handling: { queue: 'corporate-communications', assignee: 'priya', priority: 'urgent', tags: ['delay', 'press'], note: 'Journalist with a large following. Ops confirm AX331 was held for a de-icing queue. Comms drafting a statement; please do not reply publicly until it is approved.' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '48830021', name: 'Priyanka Nair', handle: 'pnair', followers: 340 }, hoursAgo: 1.5,
    messages: [
      { at: 0, text: '@acmeair paid £8 for onboard wifi on AX512 and it hasn\'t connected once in two hours. Can I get that back?' },
    ],
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '39912045', name: 'Owen Davies', handle: 'owendavies', followers: 812 }, hoursAgo: 26,
    messages: [
      { at: 0, text: '@acmeair is there an annual fee on the Acme Air Miles credit card after the first year? The website only talks about the welcome bonus.' },
    ],
    handling: { queue: 'cards', tags: ['air-miles-card', 'question'] },
  },
  {
    channel: 'x', visibility: 'public', customer: daniel, hoursAgo: 50,
    messages: [
      { at: 0, text: '@acmeair six weeks since you cancelled my flight to Berlin and I still don\'t have my £412 refund. Three emails, no answer. What does it take?' },
      { at: 120, fromBrand: true, text: '@dprice We\'re sorry for the wait, Daniel. Please email help@acme-air.example with your booking reference and we\'ll look into it straight away.' },
    ],
    handling: { queue: 'help', assignee: 'marco', priority: 'high', tags: ['refund'] },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '27718835', name: 'Leah Cohen', handle: 'leahc', followers: 1_020 }, hoursAgo: 8,
    messages: [
      { at: 0, text: '@acmeair AX1020 Manchester to Dublin now delayed by 3 hours and the screens still say "on time". Which is it?' },
      { at: 6, by: { id: '27730012', name: 'Gareth Evans', handle: 'gevans', followers: 75 }, text: '@leahc @acmeair same, gate agent just told us 16:40 now' },
      { at: 14, fromBrand: true, text: '@leahc Sorry Leah, the screens are behind. AX1020 is now expected to leave at 16:40 because of a late inbound aircraft. Food vouchers are available at the gate.' },
      { at: 22, text: '@acmeair thanks for the honesty at least' },
    ],
    handling: { assignee: 'tom', tags: ['delay'], status: 'resolved' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '51103378', name: 'Aisha Bello', handle: 'aishab', followers: 260 }, hoursAgo: 60,
    messages: [
      { at: 0, text: '@acmeair are you recruiting cabin crew at your Manchester base this year? I\'d love to apply.' },
    ],
    handling: { queue: 'careers', tags: ['careers'], status: 'resolved', assignee: 'lena', reply: '@aishab Hi Aisha, we are! Manchester cabin crew roles open on 1 March on careers.acme-air.example. Good luck!' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '66012984', name: 'Ben Carter', handle: 'bencarter', followers: 1_530 }, hoursAgo: 36,
    messages: [
      { at: 0, text: 'Surprise upgrade to Business on @acmeair for our anniversary trip to New York. The champagne was a nice touch. Thank you!' },
    ],
    handling: { tags: ['praise'], status: 'resolved' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '70321155', name: 'Chloe Martin', handle: 'chloe_m', followers: 88 }, hoursAgo: 2,
    messages: [
      { at: 0, text: '@acmeair your app crashes every time I try to check in for AX890 tomorrow. iPhone, latest version. Check-in closes in 20 hours, help?' },
    ],
    handling: { queue: 'help', tags: ['app', 'check-in'], priority: 'high' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '33019002', name: 'Peter Hall', handle: 'peterhall', followers: 143 }, hoursAgo: 16,
    messages: [
      { at: 0, text: '@acmeair I\'m travelling with my guide dog to Edinburgh next month. What do I need to arrange beforehand?' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['special-assistance'] },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '44105561', name: 'Martin Kowalski', handle: 'mkowalski', followers: 610 }, hoursAgo: 40,
    messages: [
      { at: 0, text: '@acmeair 5 hour delay on AX77 last week and you\'re refusing EU261 compensation because of "extraordinary circumstances". My solicitor will be in touch.' },
    ],
    handling: { queue: 'legal', assignee: 'priya', tags: ['compensation', 'legal'], note: 'Legal asked us to route all EU261 disputes for last week\'s AX77 to them. Do not promise anything.' },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '81200453', name: 'Lucía Romero', handle: 'luciaromero', followers: 2_050 }, hoursAgo: 12,
    messages: [
      { at: 0, text: '@acmeair Hola, mi vuelo AX631 Barcelona-Londres sale mañana a las 6:15. ¿Puedo facturar la maleta la noche anterior?' },
    ],
    handling: { queue: 'help', tags: ['question', 'spanish'] },
  },
  {
    channel: 'x', visibility: 'public', customer: { id: '12093347', name: 'Nadia Hussain', handle: 'nadiah', followers: 530 }, hoursAgo: 24,
    messages: [
      { at: 0, text: '@acmeair we paid for seats together and the app has now split my family across three rows, my kids are 4 and 7. Flight AX640 tomorrow.' },
      { at: 14, fromBrand: true, text: '@nadiah That shouldn\'t happen, Nadia. Please DM us the booking reference and we\'ll seat you together again.' },
      { at: 40, text: '@acmeair sent, thank you' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['family', 'seating'], status: 'pending' },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100023418', name: 'Gillian Brooks' }, hoursAgo: 22,
    messages: [
      { at: 0, text: 'Nine hours to New York in seat 34C with a recline that didn\'t work and a screen that kept rebooting. For what we paid I expected much better, Acme Air. Not impressed.' },
      { at: 50, fromBrand: true, text: 'We\'re sorry, Gillian. That isn\'t the comfort we want for you on a long flight. Could you send us a private message with your booking reference? We\'d like to put this right.' },
    ],
    handling: { queue: 'help', assignee: 'marco', tags: ['onboard', 'complaint'] },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100091245', name: 'Rui Almeida' }, hoursAgo: 55,
    messages: [
      { at: 0, text: 'Will the London to Porto route run again this winter? Can\'t find it in the booking calendar after October.' },
      { at: 95, fromBrand: true, text: 'Hi Rui, Porto returns from 15 December with four flights a week. Seats go on sale next Tuesday.' },
      { at: 130, text: 'Great news, thank you!' },
    ],
    handling: { tags: ['question', 'routes'], status: 'resolved' },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100066731', name: 'Margaret Young' }, hoursAgo: 47,
    messages: [
      { at: 0, text: 'I want to thank the staff at Gatwick who looked after my 87-year-old mother yesterday. Wheelchair waiting at the gate, a lovely young man pushed her all the way to the taxi rank. Kindness matters.' },
    ],
    handling: { tags: ['praise', 'special-assistance'], status: 'resolved' },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100047788', name: 'Kwame Asante' }, hoursAgo: 6,
    messages: [
      { at: 0, text: 'I made a typo in my surname when booking (Asnate instead of Asante). Do I need to pay a name change fee to fix a spelling mistake?' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['booking-change'] },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100052290', name: 'Emma Wilson' }, hoursAgo: 10,
    messages: [
      { at: 0, text: 'You charged my card twice for seat selection on booking LK4N8Q, £24 each time. Who do I talk to about getting the second payment back?' },
    ],
    handling: { queue: 'cards', assignee: 'marco', tags: ['payment', 'refund'], priority: 'high' },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100038164', name: 'Tomás Silva' }, hoursAgo: 68,
    messages: [
      { at: 0, text: 'Can I request a bassinet for my 5 month old on the Lisbon flight, or is that long haul only?' },
      { at: 40, fromBrand: true, text: 'Hi Tomás, bassinets are on long-haul aircraft only, but you can bring an approved infant car seat if you book a seat for your baby.' },
      { at: 75, text: 'Ok good to know, thanks' },
    ],
    handling: { tags: ['family', 'question'], status: 'resolved' },
  },
  {
    channel: 'facebook', visibility: 'public', customer: { id: 'fb-100074420', name: 'Steve Morris' }, hoursAgo: 14,
    messages: [
      { at: 0, text: 'An hour and ten minutes on hold to your contact centre before I gave up. Is anyone actually answering the phones?' },
    ],
    handling: { queue: 'help', tags: ['contact-centre', 'complaint'] },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-4410223', name: 'Zara Khan', handle: 'zarakhan.travels', followers: 15_400 }, hoursAgo: 18,
    messages: [
      { at: 0, text: 'That sunset over the Alps 😍 which side of the plane do I need to sit on to see this?' },
      { at: 30, fromBrand: true, text: '@zarakhan.travels Pick a window on the right-hand side (seats F) when flying south to Milan or Geneva!' },
    ],
    handling: { tags: ['praise'], status: 'resolved' },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-5520871', name: 'Liam O\'Connor', handle: 'liam.oc' }, hoursAgo: 4,
    messages: [
      { at: 0, text: 'Nice pictures. Now how about answering my emails about the refund for AX552? 5 weeks and counting.' },
    ],
    handling: { queue: 'help', tags: ['refund', 'complaint'] },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-6631009', name: 'Nina Petrova', handle: 'nina.p' }, hoursAgo: 28,
    messages: [
      { at: 0, text: 'Can my cat travel in the cabin with me to Geneva? She\'s 4 kg with the carrier.' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['pets', 'question'] },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-7742150', name: 'Jade Thompson', handle: 'jadethompson', followers: 212_000, verified: true }, hoursAgo: 33,
    messages: [
      { at: 0, text: 'Love your new cabins! Who should I talk to about a content collaboration for my spring travel series?' },
    ],
    handling: { queue: 'corporate-communications', assignee: 'priya', tags: ['partnership'] },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-8853364', name: 'Sam Patel', handle: 'sampatel.eats' }, hoursAgo: 52,
    messages: [
      { at: 0, text: 'Honestly the best airline curry I\'ve ever had, and I\'ve had a lot of airline curries. More of this please.' },
    ],
    handling: { tags: ['praise', 'food'], status: 'resolved' },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-9964410', name: 'Olivia Bennett', handle: 'olivia.bennett' }, hoursAgo: 9,
    messages: [
      { at: 0, text: 'My son left his blue stuffed elephant (called Trunk) in seat 12A on AX220 from Rome yesterday. He\'s heartbroken. Is there any chance it was found?' },
      { at: 20, by: { id: 'ig-9964588', name: 'Kate Lewis', handle: 'katelewis' }, text: 'Oh no, I hope Trunk finds his way home!' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['lost-property'], note: 'Rome station found a blue elephant on AX220. Sending it on tomorrow\'s flight to LHR.' },
  },
  {
    channel: 'instagram', visibility: 'public', customer: { id: 'ig-1075582', name: 'Beatriz Costa', handle: 'bia.costa' }, hoursAgo: 15,
    messages: [
      { at: 0, text: 'Olá! O voo AX117 de amanhã para Lisboa está confirmado? Vi notícias de greve no aeroporto.' },
    ],
    handling: { queue: 'help', tags: ['question', 'portuguese'] },
  },
];
