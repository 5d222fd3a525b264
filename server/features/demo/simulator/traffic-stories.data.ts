import type { StoryTemplate } from './traffic.types.js';

/**
 * Everyday conversations with Acme Air: complaints, questions and praise, some continuing over several messages,
 * some moving from one channel to another. Written for the demo.
 */
export const trafficStories: readonly StoryTemplate[] = [
  (s) => ({ theme: 'complaint', beats: [
    { route: 'whatsapp', text: `Hi, my suitcase didn't arrive on ${s.flight} from ${s.city} this morning. I filed a report at the airport, reference LHR${s.digits}. Any idea when it will turn up?` },
    { route: 'whatsapp', afterS: 45, text: 'It\'s a dark green hard-shell case with a red ribbon on the handle.' },
    { route: 'whatsapp', afterS: 120, text: 'Also, can I claim for toiletries in the meantime? I\'ve had to buy a few things.' },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'messenger', text: `Hello! Is it possible to move my ${s.city} flight two days later? Booking ${s.ref}.` },
    { route: 'messenger', afterS: 30, text: 'It\'s a Standard fare, if that matters.' },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'instagram', text: `Smoothest landing I've had in years, well done to the pilots of ${s.flight} 👏` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'x', text: `@acmeair ${s.flight} to ${s.city} delayed again and the app still says on time. Which is it?` },
    { route: 'x', afterS: 50, text: '@acmeair an hour later and still no update at the gate.' },
    { route: 'x-dm', afterS: 90, text: `Hi, following up on my posts. Booking ${s.ref}, I have a connection in ${s.city} I'm going to miss.` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'line', text: `Hello, do you serve vegetarian meals on the ${s.city} route? I forgot to request one when booking.` },
    { route: 'line', afterS: 25, text: `Booking reference ${s.ref}, flight ${s.flight}.` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'telegram', text: `Hi! Can I bring a folding bike as checked baggage? Flying to ${s.city} next week.` },
    { route: 'telegram', afterS: 35, text: 'It\'s about 12 kg in its bag.' },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'email', subject: `Refund still not received for booking ${s.ref}`, text: `Dear Acme Air,\n\nYour team confirmed a refund for my cancelled flight ${s.flight} to ${s.city} four weeks ago, but nothing has reached my card. Could you check what happened?\n\nKind regards,\n${s.name}` },
    { route: 'email', afterS: 150, text: `Hello again,\n\nI forgot to add the refund reference I was given on the phone: RF-${s.digits}.\n\nThanks,\n${s.first}` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'instagram', text: `Still waiting for someone to reply about the pushchair that came off ${s.flight} with a snapped wheel 😤` },
    { route: 'whatsapp', afterS: 60, text: `Hi, it's ${s.first}, I commented on Instagram earlier about the broken pushchair from ${s.flight}. Booking ${s.ref}.` },
    { route: 'whatsapp', afterS: 40, text: `Here's the damage report number the desk gave me: DPR${s.digits}` },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'facebook', text: `The cabin crew on ${s.flight} were brilliant with my nervous dad today. Please pass on our thanks!` },
    { route: 'facebook', afterS: 40, author: 'bystander', text: 'Same crew looked after us last month, they are lovely.' },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'facebook', text: 'Fifty minutes on hold trying to fix a name on a booking. Is there any other way to reach you?' },
    { route: 'messenger', afterS: 60, text: `Hi, I posted on your page. The booking is ${s.ref}, my surname is misspelled (one letter).` },
  ] }),
  () => ({ theme: 'question', beats: [
    { route: 'x', text: '@acmeair can I still pay for extra legroom after check-in, or only when booking?' },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'whatsapp', text: `Do I need a transit visa for ${s.city}? I'm on a UK passport.` },
    { route: 'whatsapp', afterS: 30, text: 'I\'m connecting onwards with another airline, three hour layover.' },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'telegram', text: `Your website logged me out twice during payment. Was my card charged? Booking ${s.ref} doesn't show in my account.` },
    { route: 'telegram', afterS: 40, text: 'I can see £182 pending in my banking app.' },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'line', text: `Thank you for the birthday cake on ${s.flight}! My daughter was so happy 🎂` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'instagram-dm', text: `Hi! Are you hiring ground staff in ${s.city} this summer?` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'email', subject: `Seat I paid for was given away on ${s.flight}`, text: `Hello,\n\nI paid £24 for seat 3A on ${s.flight} (booking ${s.ref}) and at the gate I was moved to 28E without explanation. I would like the seat fee back.\n\n${s.name}` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'messenger', text: 'Can I take my guitar in the cabin? It\'s in a soft case.' },
    { route: 'messenger', afterS: 20, text: `Flight ${s.flight} on Friday.` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'x', text: `@acmeair 40 minutes waiting for bags in ${s.city} off ${s.flight}. The belt hasn't even started.` },
    { route: 'x', afterS: 30, author: 'bystander', text: '@acmeair same flight, same problem. Nobody from the airline in sight.' },
    { route: 'x', afterS: 90, text: '@acmeair bags finally out after 70 minutes.' },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'whatsapp', text: `My flight ${s.flight} was cancelled and the rebooking you offered is two days later. That's no use, I have a hospital appointment.` },
    { route: 'whatsapp', afterS: 50, text: 'Is there anything on another airline you can put me on?' },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'x', text: `@acmeair smoothest check-in ever in ${s.city} this morning, five minutes from the door to security.` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'email', subject: 'Travelling with a powered wheelchair', text: `Hello,\n\nMy mother uses a powered wheelchair with a lithium battery. What do you need from us before we fly ${s.flight} to ${s.city} next month?\n\nThank you,\n${s.name}` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'instagram', text: `Is the ${s.city} route going to be year-round now? 😍` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'line', text: `The meal I pre-ordered wasn't loaded on ${s.flight}. I paid £14 for it.` },
    { route: 'line', afterS: 30, text: `Booking ${s.ref}, seat 17C.` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'x', text: '@acmeair emailed you three times about a refund and heard nothing. Is anyone reading help@?' },
    { route: 'email', afterS: 70, subject: `Refund request for ${s.ref} (fourth email)`, text: `Hi,\n\nAs mentioned on X: I'm still waiting for the refund of my cancelled ${s.flight}. Booking ${s.ref}.\n\n${s.name}` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'whatsapp', text: `What time does bag drop open for ${s.flight} tomorrow morning?` },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'facebook', text: `Left my phone on ${s.flight} and your team in ${s.city} had it back to me within an hour. Amazing, thank you!` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'messenger', text: `You charged me twice for seat selection on booking ${s.ref}.` },
    { route: 'messenger', afterS: 25, text: '£32 each time. Screenshot of my statement coming.' },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'telegram', text: `Is there wifi on the ${s.city} flight? Need to work on the way.` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'facebook', text: `My son is flying alone to ${s.city} next month. How does the unaccompanied minor service work?` },
    { route: 'whatsapp', afterS: 80, text: `Hi, I asked on Facebook about travelling alone as a minor. He's 11, flight ${s.flight}. Can I book the service here?` },
  ] }),
  (s) => ({ theme: 'complaint', beats: [
    { route: 'instagram-dm', text: `My boarding pass won't load in the app and I'm at the gate for ${s.flight}!` },
    { route: 'instagram-dm', afterS: 60, text: 'Never mind, the gate agent printed one. But please fix the app.' },
  ] }),
  (s) => ({ theme: 'praise', beats: [
    { route: 'email', subject: `Thank you to your team in ${s.city}`, text: `Dear Acme Air,\n\nWhen ${s.flight} was diverted last night, your staff in ${s.city} found us a hotel and a taxi within an hour. Please thank them from all of us.\n\n${s.name}` },
  ] }),
  (s) => ({ theme: 'question', beats: [
    { route: 'x-dm', text: `Hi, can I add a second checked bag to booking ${s.ref}? The website only offers one.` },
  ] }),
];
