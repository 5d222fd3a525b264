/**
 * Hand-written care messages labelled by sentiment, written for Rapport (MIT, ships in the default model).
 * They teach the combiner that service failures are negative even without emotional words, that plain
 * questions are neutral, and that thanks after a fix is positive.
 */
export const CARE_SENTIMENT_EXAMPLES: Readonly<Record<'negative' | 'neutral' | 'positive', string>> = {
  negative: `@airline flight cancelled again, 3 hours on hold
still waiting for my refund, 4 weeks now
my bag never arrived and nobody answers the phone
@shop order 5512 still not delivered
delayed 2 hours and no update from the crew
on hold for 45 minutes then disconnected
charged twice for the same order
the app keeps crashing when I try to pay
internet down again in my area
@bank my card was declined and I have money in the account
third time I've called about this
been waiting since 8am for the engineer
no one at the desk and the queue is 50 people long
missed my connection because of the delay, now stuck overnight
your website won't let me check in
refund promised two weeks ago, nothing yet
package marked delivered but it's not here
can't log in since the update
so I guess nobody is going to call me back
thanks for nothing
great, another delay. love how you never tell us anything
oh great the app is down again
@telco why is my bill double this month?
why does it take 5 days to answer an email?
how long do I have to wait on hold?
still no answer from customer service
wifi on board not working, paid for it
the seat was broken and the screen didn't work
lost luggage, day 3, no news
tried to rebook online and got an error every time
you cancelled my order without telling me
I have been transferred four times
the replacement is also faulty
your driver left the parcel in the rain
the form keeps timing out
sat on the tarmac for 2 hours with no explanation
waited all day for a delivery that never came
this is the 5th email I've sent
your chat bot just loops
still no refund and no reply`,
  neutral: `@airline what is the baggage allowance for international flights?
do you ship to canada?
can I change my seat online?
what time does the store open tomorrow?
is there wifi on the 8am flight?
how do I update my address?
@shop is this available in blue?
hi, can you DM me the details?
I sent you a DM with my booking reference
what's the phone number for customer service?
is flight 220 on time today?
can I bring a stroller on board?
I'd like to change my booking to friday
does the plan include international calls?
where can I find my invoice?
following up on my earlier message
please see my DM
can you confirm my reservation?
how many points do I need for an upgrade?
do you have any stores in berlin?
ok, I'll send it now
just sent the info
what are the fees for a second bag?
are pets allowed in the cabin?
will the sale continue next week?
when does boarding start?
I need to add a passenger to my booking
is there a student discount?
who do I contact about a lost item?
my confirmation number is ABC123`,
  positive: `@airline thanks for the quick rebooking, great service
thank you, the agent sorted it in minutes
love the new app update
the crew on flight 12 were amazing
package arrived early, thanks!
problem solved, appreciate the help
best customer service I've had in a long time
thanks for upgrading my seat!
smooth flight and friendly staff
kudos to the team at the airport, very helpful
got my refund today, thank you
the engineer was brilliant, fixed it straight away
thanks for getting back to me so fast
really impressed with the support team
great experience, will fly again
you guys rock
my bag arrived safely, thank you so much
shout out to Maria at the front desk
easy check in and on time departure, perfect
thanks for sorting that out!`,
};
