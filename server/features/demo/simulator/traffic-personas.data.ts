import type { Persona } from './traffic.types.js';

/** Names of the people who write to Acme Air while the demo runs. Invented for the demo. */
const firstNames = [
  'Sofia', 'Ben', 'Aisha', 'Lukas', 'Chloe', 'Daniel', 'Freya', 'Marco', 'Priyanka', 'Owen', 'Yuki', 'Fatima', 'Jack', 'Ines',
  'Tomasz', 'Amara', 'Elena', 'Harry', 'Leila', 'Mateo', 'Niamh', 'Samuel', 'Ingrid', 'Ravi', 'Charlotte', 'Kenji', 'Olivia',
  'Dimitris', 'Zanele', 'Lucas', 'Hana', 'George', 'Maya', 'Andrei', 'Ruby', 'Omar', 'Sara', 'Finn', 'Aaliyah', 'Pablo',
];
const lastNames = [
  'Reyes', 'Ashworth', 'Rahman', 'Novak', 'Laurent', 'Osei', 'Lindgren', 'Bianchi', 'Iyer', 'Hughes', 'Tanaka', 'Zahra', 'Murphy',
  'Carvalho', 'Wojcik', 'Nwosu', 'Popescu', 'Bennett', 'Haddad', 'Garcia', 'Byrne', 'Adeyemi', 'Solberg', 'Patel', 'Dubois',
  'Watanabe', 'Okoro', 'Papadakis', 'Dube', 'Almeida', 'Kim', 'Evans', 'Cohen', 'Ionescu', 'Walsh', 'Farouk', 'Lindqvist',
  'Gallagher', 'Mensah',
];

/** How many different people the demo has: every pair of a first and a last name. */
export const personaCount = firstNames.length * lastNames.length;

/**
 * The index-th person (wrapping after `personaCount`). Consecutive indexes are different people, and so are any two
 * below `personaCount`: the last name moves on by one more each round of first names, and 41 and 39 share no factor.
 */
export function personaAt(index: number): Persona {
  const serial = ((index % personaCount) + personaCount) % personaCount;
  const first = firstNames[serial % firstNames.length] as string;
  const round = Math.floor(serial / firstNames.length);
  const last = lastNames[(round + serial) % lastNames.length] as string;
  const ascii = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  return { serial: serial + 1, name: `${first} ${last}`, handle: `${ascii(first).slice(0, 6)}${ascii(last).slice(0, 4)}${serial + 1}`, email: `${ascii(first)}.${ascii(last)}@example.com` };
}
