/**
 * Hand-written customer-care messages per default intent, written for Rapport (MIT, ships in the default
 * model). Lines are examples, one per line.
 */
export const CARE_INTENT_EXAMPLES: Readonly<Record<string, string>> = {
  complaint: `worst service I have ever had, nobody seems to care
your customer service is a joke, three calls and still no fix
I'm really disappointed with how this was handled
this is unacceptable, I've been a customer for 10 years
the staff at the store were rude to me today
you keep making the same mistake every single month
your agent hung up on me twice
so frustrated, the app keeps logging me out and support is useless
I want to make a formal complaint about your engineer
the product broke after one week, really poor quality
flight cancelled again and 3 hours on hold
not happy at all with the service I received
terrible experience at your branch this morning
nobody answers the chat, what is the point of it
you promised a callback yesterday and nobody called
the quality has gone downhill, very disappointed
honestly the worst airline I've flown with
thanks for nothing, still no answer after a week
your technician never showed up and I took a day off work
this is the third time I've had to explain my problem
I am fed up with your excuses
the room was dirty and the manager didn't care
my internet drops every evening and you keep saying it's fine
seat was broken and the crew just shrugged
I'm sick of being passed from one department to another`,
  question: `what time does the store open on sunday?
do you ship to canada?
how do I change my seat on my booking?
is there a student discount?
can I bring my dog on the flight?
what is the baggage allowance for international flights?
does the new plan include roaming in europe?
how can I update my address?
where can I find my invoice?
is the black version back in stock?
how long is the warranty on this model?
can I pay with apple pay?
what are your opening hours over the holidays?
do you have a store in manchester?
how do I upgrade my plan?
is wifi free on board?
can I change the name on a ticket?
which size should I order, they look small
quick question, does this work with android?
what's the difference between the basic and premium plan?
can I use my points to pay for a flight?
how do I set up two factor authentication?
are your products vegan?
is there a mobile app for this?
hi, how do I cancel my newsletter subscription?`,
  praise: `thanks so much, the agent sorted it in minutes
huge shout out to the crew on flight 22, amazing service
love the new update, works perfectly
great job team, delivery came a day early
thank you for the quick response, really appreciated
best customer service I've had in years
the staff at your downtown store were so helpful
just wanted to say you guys are awesome
really impressed with how fast you fixed this
my package arrived safely, thank you!
kudos to sarah in support, she went above and beyond
the new menu is delicious, well done
smooth check in and friendly staff, thanks
I've been a happy customer for years, keep it up
fantastic experience from start to finish
thank you for upgrading my seat, made my day
your app is so easy to use now
problem solved, thanks for the help
loved my stay, the room was perfect
always a pleasure flying with you`,
  refund: `I want a refund for my cancelled flight
when will I get my money back?
still waiting for my refund after 3 weeks
how do I request a refund for a faulty item?
you promised a refund and it never arrived
I returned the item two weeks ago, where is my refund?
can I get a refund if I cancel my subscription?
please refund the duplicate charge
my refund hasn't shown up on my card yet
I was told the refund would take 5 days, it's been a month
refund me now or I'll dispute it
how long does a refund take to process?
I need a refund, the product was damaged
can you refund the delivery fee, it arrived late
the order was cancelled but I haven't been refunded
is it possible to get a partial refund?
I want my money back for the broken headphones
refund status for order 55821 please
the hotel charged me and I never stayed, I want a refund
the event was cancelled, how do I get reimbursed?`,
  card_or_payment: `my card was declined but I have money in the account
I was charged twice for the same order
there's a payment on my statement I don't recognise
why was I charged a fee?
the payment failed at checkout three times
your site won't accept my credit card
I've been billed for a subscription I cancelled
my direct debit was taken on the wrong date
the amount charged is different from the price shown
my card payment is still pending after 4 days
can't pay my bill online, it keeps giving an error
you took the money but the order didn't go through
I see an unauthorised transaction on my account
my bill is much higher than usual this month
why did my payment bounce?
the checkout keeps rejecting my paypal
I was overcharged on my last invoice
my contactless payment isn't working
the exchange rate on my card payment is wrong
there's a charge from you I didn't authorise`,
  account_access: `I can't log in to my account
my password reset email never arrives
I'm locked out of my account after too many attempts
the verification code isn't coming through
my account was hacked, someone changed my email
how do I recover my account without my old phone?
the app says my account is disabled
forgot my password and the reset link has expired
two factor code isn't working
I can't sign in with google anymore
my account got suspended for no reason
I changed phones and now I can't access the app
it keeps saying invalid username or password
my PIN is blocked, how do I unblock it?
I can't verify my identity in the app
help, someone else logged into my account
the login page just spins forever
why was my account closed?
I need to change the email on my account but can't log in
my profile disappeared after the update`,
  delivery_or_delay: `where is my order? it was due on monday
my package says delivered but it's not here
the delivery is a week late
my flight has been delayed 4 hours
tracking hasn't updated in 5 days
when will my card arrive?
the courier left my parcel in the rain
the train was delayed again this morning
my order is stuck in transit
my luggage didn't arrive with my flight
my bag is lost, it's been three days
the driver never came, I waited all day
how long does shipping usually take?
part of my order is missing
I missed my connection because of your delay
the delivery slot was cancelled without notice
my parcel was delivered to the wrong address
any update on my shipment?
the item arrived damaged
when is the new delivery date?`,
  lead: `do you offer discounts for teams of 50?
I'd like a quote for 200 units
can someone from sales contact me about an enterprise plan?
we're interested in partnering with you
do you do corporate accounts?
I want to buy this for my whole office, who do I talk to?
is there a demo available for your software?
can I get pricing for a bulk order?
we're a school and would like to use your product
how much would it cost to switch my business to you?
interested in becoming a reseller
looking to book a group of 30 for a conference
could you send me a brochure and price list?
do you have wholesale prices?
I'd like to sign up, what plans do you have for small businesses?
thinking of switching from my current provider, what can you offer?
we want to cater an event for 100 people
can we schedule a call to discuss a contract?
do you sponsor events?
is there a free trial for companies?`,
  job_application: `are you hiring?
I'd like to apply for the customer service job
do you have any openings in the london office?
where can I send my CV?
I applied for the driver position last week, any news?
how do I apply for an internship?
is the warehouse job still available?
I'm interested in working for you
do you hire students for the summer?
what's the recruitment process like?
I sent my resume, who should I follow up with?
are there any remote jobs?
I'd love to join your team as a developer
can I apply for a job at the store directly?
when will I hear back about my interview?
looking for a part time job, are you recruiting?
do you have graduate programmes?
I'd like to work as a flight attendant with you
how old do you have to be to work there?
is there a careers page?
are you hiring staff at your new store?
hiring any customer service agents this year?
I'd like to join your call centre team
do you have vacancies for cabin crew?
my daughter wants to apply for an apprenticeship with you`,
  legal_threat: `I'm going to sue you
my lawyer will be in touch
I'll see you in court
I'm taking legal action if this isn't fixed
I have reported you to the consumer protection agency
I'm filing a complaint with the regulator
this is a breach of contract and I'll take it to small claims
I'm contacting my attorney about this
you'll be hearing from my solicitor
I've filed a complaint with the BBB
I'll be reporting this to the ombudsman
this is illegal and I will pursue it legally
expect a lawsuit
I'm escalating to the FCA
I'll take you to court for the full amount
my legal team is reviewing this
I'm reporting you to trading standards
you violated my rights and I will sue
I've started a chargeback and I'm talking to a lawyer
a class action is coming`,
  safety: `the charger caught fire last night
your product exploded in my kitchen
I found glass in my food
my child had an allergic reaction to your snack
the driver was driving dangerously
there's smoke coming out of the device
a passenger was threatening people on the flight
I was injured by the faulty door
the battery is overheating and swelling
there's a gas smell after your engineer left
the staff member harassed me
the brakes failed on the rental car
someone is in danger, please help
I got food poisoning from your restaurant
the elevator dropped suddenly and people were hurt
your employee assaulted my son
the heater is sparking
there is a bomb threat at the station
I feel unsafe, the driver is following me
the car seat buckle broke while driving`,
  spam: `FREE bitcoin giveaway click here
earn $5000 a week from home, DM me
check my bio for crypto profits
win a free iphone, just follow and retweet
best forex signals, join my telegram
follow back for follow back
get 10k followers instantly cheap
claim your prize now limited time
double your ETH in 24 hours guaranteed
hot singles in your area click the link
buy cheap watches at this link
I made $10k with this trading bot, message me on whatsapp
airdrop live now, connect your wallet
promo code for free stuff, link in bio
invest $100 get $1000 back
cheap loans no credit check click here
NFT mint is live, don't miss out
visit my page for free gift cards
congrats you won, DM to claim
100% free followers and likes`,
};
