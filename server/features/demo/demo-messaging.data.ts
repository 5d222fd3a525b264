import type { DemoScenario } from './demo-scenario.js';

const pdf = (name: string, sizeBytes: number) => ({ type: 'file' as const, mimeType: 'application/pdf', name, sizeBytes });

/** Direct messages, WhatsApp, email, web chat and phone. Written for the demo. */
export const messagingScenarios: DemoScenario[] = [
  {
    channel: 'x', visibility: 'private', customer: { id: '90210417', name: 'Hannah Lee', handle: 'hannahlee_travels' }, hoursAgo: 2.5,
    messages: [
      { at: 0, text: 'Hi, it\'s Hannah from the AX204 tweet. Booking ref is QX7P2L, two passengers. We need to get to Lisbon by tomorrow evening for a wedding.' },
      { at: 3, text: 'We can go from Gatwick too if that\'s quicker.' },
    ],
    handling: { queue: 'help', assignee: 'tom', priority: 'high', tags: ['cancellation', 'rebooking'] },
  },
  {
    channel: 'x', visibility: 'private', customer: { id: '31177640', name: 'Callum Reid', handle: 'callumreid' }, hoursAgo: 19,
    messages: [
      { at: 0, text: 'As requested: bag report EDIAX31842, black Samsonite with a yellow strap. Delivery address is 14 Marchmont Road, Edinburgh.' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['baggage'], status: 'pending' },
  },
  {
    channel: 'x', visibility: 'private', customer: { id: '19028846', name: 'Fiona Walsh', handle: 'fionawalsh' }, hoursAgo: 39,
    messages: [
      { at: 0, text: 'Hello, I forgot to add my Air Miles number to booking BR6T1Z before flying last Friday. Can the miles still be credited? Member number 40018877.' },
    ],
    handling: { queue: 'cards', assignee: 'marco', tags: ['air-miles'], status: 'resolved', reply: 'Hi Fiona, done: 1,240 miles for BR6T1Z will appear in your account within 5 working days.' },
  },
  {
    channel: 'facebook', visibility: 'private', customer: { id: 'fb-100029981', name: 'George Adeyemi' }, hoursAgo: 7,
    messages: [
      { at: 0, text: 'Hi there, I need to move my flight from the 14th to the 16th, same route (LHR-AMS). How much would that cost on a Standard fare?' },
      { at: 2, text: 'Booking reference is 7HJ2QP' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['booking-change'] },
  },
  {
    channel: 'facebook', visibility: 'private', customer: { id: 'fb-100084412', name: 'Clara Hoffmann' }, hoursAgo: 45,
    messages: [
      { at: 0, text: 'Good afternoon, my company needs a VAT invoice for my flights to Frankfurt last month. The booking confirmation doesn\'t show VAT. Where can I download one?' },
    ],
    handling: { assignee: 'marco', tags: ['invoice'], status: 'resolved', reply: 'Hi Clara, you can download a VAT invoice under Manage Booking → Receipts. We\'ve also emailed it to the address on the booking.' },
  },
  {
    channel: 'facebook', visibility: 'private', customer: { id: 'fb-100023418', name: 'Gillian Brooks' }, hoursAgo: 20,
    messages: [
      { at: 0, text: 'As asked under my post: booking reference NY8C4T, seat 34C, flight AX101 on Tuesday. The screen rebooted about every ten minutes.' },
    ],
    handling: { queue: 'help', assignee: 'marco', tags: ['onboard', 'complaint'], reply: 'Thank you Gillian. We\'ve reported seat 34C to engineering and added 5,000 Air Miles to your account as an apology.' },
  },
  {
    channel: 'instagram', visibility: 'private', customer: { id: 'ig-4523310', name: 'Oscar Lindqvist', handle: 'oscar.lq' }, hoursAgo: 29,
    messages: [
      { at: 0, text: 'Quick one: can Premium Economy passengers use the lounge at Heathrow T3?' },
      { at: 7, fromBrand: true, text: 'Hi Oscar! Lounge access is included with Business and with Gold status; in Premium Economy you can buy a pass in Manage Booking for £35.' },
    ],
    handling: { tags: ['lounge', 'question'], status: 'resolved' },
  },
  {
    channel: 'instagram', visibility: 'private', customer: { id: 'ig-2281734', name: 'Isabella Moretti', handle: 'bella.moretti' }, hoursAgo: 23,
    messages: [
      { at: 0, text: 'Hi! I\'m flying to Rome for my wedding next month. Can I bring my wedding dress in the cabin and hang it somewhere? 😅' },
      { at: 1, text: 'It\'s in a garment bag, quite long' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['baggage', 'question'], reply: 'Congratulations, Isabella! Let the crew know when you board: they\'ll hang it in the wardrobe at the front if there\'s space, otherwise it fits flat in an overhead locker.' },
  },
  {
    channel: 'instagram', visibility: 'private', customer: { id: 'ig-3392216', name: 'Noah Fischer', handle: 'noahfischer' }, hoursAgo: 0.5,
    messages: [
      { at: 0, text: 'Your giveaway post says winners were contacted by DM. I haven\'t heard anything, did I win? 😄' },
    ],
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900123', name: 'Hannah Lee', phone: '+447700900123' }, hoursAgo: 1,
    messages: [
      { at: 0, text: 'Hello, I tweeted earlier about the cancelled AX204. Is it quicker to sort the rebooking here?' },
      { at: 4, fromBrand: true, text: 'Hi Hannah, a colleague is already on it via X. You\'ll receive the new booking by email within the hour.' },
      { at: 6, text: 'Ok, thank you. Please make sure both of us are on the same flight.' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['cancellation'] },
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900456', name: 'Ravi Sharma', phone: '+447700900456' }, hoursAgo: 11,
    messages: [
      { at: 0, text: 'Hi' },
      { at: 1, text: 'I need to change my return flight from Dubai' },
      { at: 2, text: 'Booking ref M3KD9W, want to come back on Sunday instead of Saturday' },
      { at: 15, fromBrand: true, text: 'Hi Ravi, Sunday\'s AX1 at 08:35 has seats. The change costs £65 on your fare. Shall we go ahead?' },
      { at: 22, text: 'Yes please' },
    ],
    handling: { queue: 'help', assignee: 'marco', tags: ['booking-change'], reply: 'Done, Ravi. Your new e-ticket is on its way to your email. Have a great trip!' },
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900789', name: 'Ellie Morgan', phone: '+447700900789' }, hoursAgo: 0.8,
    messages: [
      { at: 0, text: 'My boarding pass isn\'t arriving by email or in the app. Flight is in 3 hours. Screenshot of the error attached.', attachments: [{ type: 'image', mimeType: 'image/png', name: 'checkin-error.png', sizeBytes: 182_330 }] },
    ],
    handling: { queue: 'help', priority: 'urgent', tags: ['check-in', 'app'] },
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900321', name: 'Arthur Jenkins', phone: '+447700900321' }, hoursAgo: 21,
    messages: [
      { at: 0, text: 'Good morning. My wife uses a wheelchair and cannot manage steps. We fly to Malaga on Thursday. Can you make sure there is an ambulift at both ends?' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['special-assistance'], status: 'resolved', reply: 'Good morning Arthur, assistance is booked for both flights, including the ambulift at Malaga. Please arrive at the assistance desk 2 hours before departure.' },
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900654', name: 'Mehmet Yilmaz', phone: '+447700900654' }, hoursAgo: 0.3,
    messages: [
      { at: 0, text: 'I\'m at terminal 5, where is the transfer desk for connecting to Istanbul?', attachments: [{ type: 'location', latitude: 51.4723, longitude: -0.4885 }] },
    ],
    handling: { queue: 'help', priority: 'high', tags: ['airport'] },
  },
  {
    channel: 'whatsapp', visibility: 'private', customer: { id: '447700900987', name: 'Grace Obi', phone: '+447700900987' }, hoursAgo: 20,
    messages: [
      { at: 0, text: 'Sent you a voice note about my refund, please listen', attachments: [{ type: 'audio', mimeType: 'audio/ogg', name: 'voice-note.ogg', sizeBytes: 96_210 }] },
      { at: 2, text: 'Basically I cancelled within 24 hours of booking and was told I\'d get a full refund, but only £40 of £160 came back.' },
    ],
    handling: { queue: 'cards', assignee: 'marco', tags: ['refund'], status: 'snoozed', note: 'Asked finance to check the 24-hour cancellation on booking 2WQ8ZP. Snoozed until they answer.' },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'daniel.price@example.net', name: 'Daniel Price', email: 'daniel.price@example.net' }, hoursAgo: 47,
    messages: [
      { at: 0, subject: 'Refund for cancelled flight AX944 – booking RF2M7A', text: 'Dear Acme Air,\n\nYour team asked me on X to email you. Flight AX944 London–Berlin on the 3rd was cancelled by you and I requested a refund of £412 the same day. I have not received it and my three previous emails went unanswered.\n\nBooking reference: RF2M7A\n\nPlease confirm when I will be refunded.\n\nDaniel Price' },
      { at: 300, fromBrand: true, subject: 'Re: Refund for cancelled flight AX944 – booking RF2M7A', text: 'Dear Daniel,\n\nThank you for your patience. I can see the refund request for RF2M7A was stuck in our system; I have released it today. It should reach your card within 5 working days.\n\nKind regards,\nMarco\nAcme Air Customer Care' },
      { at: 1_400, subject: 'Re: Refund for cancelled flight AX944 – booking RF2M7A', text: 'Hi Marco,\n\nThanks, but my bank says nothing is pending. Can you send me a transaction reference so they can trace it?\n\nDaniel' },
    ],
    handling: { queue: 'help', assignee: 'marco', priority: 'high', tags: ['refund'] },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'a.okafor@example.org', name: 'Adaeze Okafor', email: 'a.okafor@example.org' }, hoursAgo: 64,
    messages: [
      { at: 0, subject: 'Subject access request', text: 'Hello,\n\nUnder Article 15 of the UK GDPR I request a copy of all personal data Acme Air holds about me, including call recordings and chat transcripts, for the last three years.\n\nName: Adaeze Okafor\nAir Miles number: 40233419\n\nRegards,\nAdaeze Okafor' },
    ],
    handling: { queue: 'legal', assignee: 'priya', tags: ['gdpr', 'legal'], note: 'One month deadline from receipt. Forwarded to the DPO.' },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'james.whitfield@example.com', name: 'James Whitfield', email: 'james.whitfield@example.com' }, hoursAgo: 58,
    messages: [
      { at: 0, subject: 'Application – First Officer, A320 fleet', text: 'Dear recruitment team,\n\nPlease find attached my CV and licence details for the First Officer position advertised on your careers page. I hold a frozen ATPL with 1,850 hours on type.\n\nBest regards,\nJames Whitfield', attachments: [pdf('James-Whitfield-CV.pdf', 240_112)] },
    ],
    handling: { queue: 'careers', assignee: 'lena', tags: ['careers'], status: 'resolved', reply: 'Dear James,\n\nThank you for applying. Our recruitment team will review your application and contact you within two weeks.\n\nAcme Air Careers' },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'newsdesk@dailyherald.example', name: 'Tom Baxter, Daily Herald', email: 'newsdesk@dailyherald.example' }, hoursAgo: 4.5,
    messages: [
      { at: 0, subject: 'Press enquiry: AX331 tarmac delay at Manchester', text: 'Hello,\n\nWe are running a story this afternoon on passengers held on board AX331 at Manchester for four hours. Could Acme Air comment on why the aircraft was held and whether passengers will be compensated? Our deadline is 4pm.\n\nTom Baxter\nTransport correspondent, Daily Herald' },
    ],
    handling: { queue: 'corporate-communications', assignee: 'priya', priority: 'urgent', tags: ['press', 'delay'] },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'helen.brown@example.co.uk', name: 'Helen Brown', email: 'helen.brown@example.co.uk' }, hoursAgo: 35,
    messages: [
      { at: 0, subject: 'Air Miles card – payment not showing', text: 'Hello,\n\nI paid my Acme Air Miles card balance of £1,284.60 on the 2nd but my statement still shows it as outstanding and I\'ve been charged a late fee. Can you look into this?\n\nThanks,\nHelen Brown' },
    ],
    handling: { queue: 'cards', tags: ['air-miles-card', 'payment'] },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'r.singh@example.com', name: 'Rajesh Singh', email: 'r.singh@example.com' }, hoursAgo: 66,
    messages: [
      { at: 0, subject: 'Thank you to the Dubai crew', text: 'Dear Acme Air,\n\nI was taken ill on AX2 from Dubai last week and wanted to say how well the cabin crew handled it. They were calm, kind and found a doctor on board within minutes. Please pass on my thanks.\n\nWith gratitude,\nRajesh Singh' },
    ],
    handling: { tags: ['praise', 'crew'], status: 'resolved' },
  },
  {
    channel: 'email', visibility: 'private', customer: { id: 'k.nowak@example.pl', name: 'Katarzyna Nowak', email: 'k.nowak@example.pl' }, hoursAgo: 21,
    messages: [
      { at: 0, subject: 'Delayed baggage expenses – EDIAX30977', text: 'Hello,\n\nMy suitcase arrived three days late. As advised at the airport, I am claiming the cost of essentials I had to buy. Receipts are attached (total £146.20).\n\nKind regards,\nKatarzyna Nowak', attachments: [pdf('receipts-boots.pdf', 58_400), pdf('receipts-marks-and-spencer.pdf', 61_950)] },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['baggage', 'claim'] },
  },
  {
    channel: 'webchat', visibility: 'private', customer: { id: 'web-visitor-8a41f2', name: 'Visitor from Leeds' }, hoursAgo: 13,
    messages: [
      { at: 0, text: 'Can I pay for a booking with PayPal?' },
      { at: 2, fromBrand: true, text: 'Hi! Yes, PayPal is available at the payment step for all bookings made on acme-air.example.' },
      { at: 3, text: 'great thanks' },
    ],
    handling: { tags: ['payment', 'question'], status: 'resolved' },
  },
  {
    channel: 'webchat', visibility: 'private', customer: { id: 'web-visitor-77c0d9', name: 'Anna Schmidt', email: 'anna.schmidt@example.de' }, hoursAgo: 3.5,
    messages: [
      { at: 0, text: 'How much is an upgrade to Premium Economy on AX101 to New York next Friday? Booking 9PLK3D.' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['upgrade'] },
  },
  {
    channel: 'webchat', visibility: 'private', customer: { id: 'web-visitor-1be392', name: 'Visitor from Bristol' }, hoursAgo: 0.2,
    messages: [
      { at: 0, text: 'hello?' },
      { at: 2, text: 'anyone there? my flight shows as cancelled in the app but not on the website' },
      { at: 4, text: 'AX1204 to Bristol tonight' },
    ],
    handling: { priority: 'high', tags: ['cancellation'] },
  },
  {
    channel: 'webchat', visibility: 'private', customer: { id: 'web-visitor-5c22e0', name: 'Visitor from Glasgow' }, hoursAgo: 42,
    messages: [
      { at: 0, text: 'When does online check-in open for long-haul flights?' },
      { at: 1, fromBrand: true, text: 'Online check-in opens 30 hours before departure for every Acme Air flight, long-haul included.' },
    ],
    handling: { tags: ['check-in', 'question'], status: 'resolved' },
  },
  {
    channel: 'webchat', visibility: 'private', customer: { id: 'web-visitor-0d9e71', name: 'Louise Taylor', email: 'louise.t@example.com' }, hoursAgo: 17,
    messages: [
      { at: 0, text: 'My 12-year-old is flying alone to see her dad in Dublin. Do you offer an unaccompanied minor service and how do I book it?' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['family', 'special-assistance'] },
  },
  // Calls, recorded as the contact centre's telephony system would through the calls API.
  {
    channel: 'phone', visibility: 'private', customer: { id: '+447700900111', name: 'Patrick Doyle', phone: '+447700900111' }, hoursAgo: 9.5,
    messages: [
      { at: 0, call: { disposition: 'voicemail', seconds: 48, recorded: true }, text: 'Voicemail: Patrick Doyle, booking ZT5R8M. Flight from Newcastle was late and he missed his connection to Toronto. At Heathrow now, the desk cannot rebook him. Please call back on this number.' },
      { at: 25, call: { direction: 'outbound', disposition: 'missed', seconds: 0, agent: 'tom' }, text: 'Called back, no answer. Will try again in 30 minutes.' },
    ],
    handling: { queue: 'help', assignee: 'tom', priority: 'urgent', tags: ['missed-connection'] },
  },
  {
    channel: 'phone', visibility: 'private', customer: { id: '+447700900222', name: 'Yuki Tanaka', phone: '+447700900222' }, hoursAgo: 25,
    messages: [
      { at: 0, call: { disposition: 'answered', seconds: 401, agent: 'lena', recorded: true }, text: 'Left her passport in the seat pocket of 23A on AX415 from Paris. Asked whether it has been handed in and how to collect it. Checking with lost property.' },
    ],
    handling: { queue: 'help', assignee: 'lena', tags: ['lost-property'], status: 'resolved', note: 'Passport was handed to Heathrow lost property; customer collecting it today with photo ID.' },
  },
  {
    channel: 'phone', visibility: 'private', customer: { id: '+447700900333', name: 'Unknown caller', phone: '+447700900333' }, hoursAgo: 6.5,
    messages: [
      { at: 0, call: { disposition: 'abandoned', seconds: 2_410 }, text: '' },
      { at: 50, call: { disposition: 'abandoned', seconds: 2_295 }, text: '' },
      { at: 95, call: { disposition: 'voicemail', seconds: 72, recorded: true }, text: 'Voicemail: third time cut off after waiting forty minutes. Wants a call back from a manager today about compensation claim CC-20431.' },
    ],
    handling: { queue: 'help', priority: 'high', tags: ['contact-centre', 'compensation', 'complaint'] },
  },
  {
    channel: 'phone', visibility: 'private', customer: { id: '+441612345678', name: 'Sunrise Travel (agent)', phone: '+441612345678' }, hoursAgo: 49,
    messages: [
      { at: 0, call: { disposition: 'answered', seconds: 538, agent: 'marco', recorded: true }, text: 'Travel agent asking for a group fare for 24 passengers, Manchester to Barcelona, 12–16 May. Wants a quote by Friday.' },
    ],
    handling: { queue: 'help', assignee: 'marco', tags: ['groups'], status: 'pending' },
  },
  // Customers who also wrote: the call joins their profile (by the email the telephony system knows, or their WhatsApp number).
  {
    channel: 'phone', visibility: 'private', customer: { id: '+447700900555', name: 'Daniel Price', phone: '+447700900555', email: 'daniel.price@example.net' }, hoursAgo: 20,
    messages: [
      { at: 0, call: { disposition: 'missed', seconds: 0 }, text: '' },
      { at: 12, call: { direction: 'outbound', disposition: 'answered', seconds: 344, agent: 'marco', recorded: true }, text: 'Called Daniel back about the RF2M7A refund: gave him the transaction reference ARN 74839201 so his bank can trace it. He is happy to wait for it to clear.' },
    ],
    handling: { queue: 'help', assignee: 'marco', tags: ['refund'], status: 'resolved' },
  },
  {
    channel: 'phone', visibility: 'private', customer: { id: '+447700900123', name: 'Hannah Lee', phone: '+447700900123' }, hoursAgo: 0.5,
    messages: [
      { at: 0, call: { disposition: 'answered', seconds: 263, agent: 'tom', recorded: true }, text: 'Hannah called to check both passengers are on the same flight. Confirmed seats 14A and 14B on tomorrow\'s AX206 to Lisbon.' },
    ],
    handling: { queue: 'help', assignee: 'tom', tags: ['cancellation', 'rebooking'] },
  },
];
