/**
 * Frequent function words per language (ISO 639-1), written for Rapport. A message whose words hit one list
 * clearly more than the others is identified without n-gram statistics, which keeps triage fast.
 */
const LISTS: Record<string, string> = {
  en: "the a an and or but to of in on at for with from by about is are was were be been am i i'm im my me you your you're we our us they their he she it it's its this that these those what when where why how who which not no do does did don't can can't could would will won't should have has had just still again please thanks thank hi hello there here any some all get got if so as up out now because than then very because than then very what's that's there's i've i'd i'll we're they're isn't aren't wasn't didn't doesn't haven't also only after before over into via need know let one two",
  es: 'el la los las un una unos y o pero de del en con por para sin sobre es son está están fue ser estar yo mi mis tu tus su sus nosotros que qué cuando donde dónde cómo porque muy más ya no sí hola gracias por favor también este esta esto hay todo nada me te se le lo les nos otra otro vez nadie siempre nunca tengo tiene hace',
  fr: "le la les un une des et ou mais de du au aux en dans sur avec pour sans par est sont était être avoir je j'ai mon ma mes tu ton ta vous votre vos nous notre il elle ils elles que qui quoi quand où comment pourquoi très plus ne pas oui bonjour merci c'est ce cette ces tout rien me te se lui leur encore toujours jamais fait",
  de: 'der die das ein eine einen und oder aber zu von im in mit für ohne auf ist sind war waren sein ich mein meine mich mir du dein sie ihr wir unser nicht kein keine ja nein danke bitte hallo wie was wann wo warum sehr noch schon auch ist es auf dem den des mich sich auch nur mal wieder immer nie habe hat',
  it: "il lo la i gli le un una e o ma di del della in con per senza su è sono era essere io mio mia mi tu tuo tua voi vostro noi nostro che chi cosa quando dove come perché molto più non sì ciao grazie anche questo questa tutto niente si ci gli ancora sempre mai ho ha",
  pt: 'o a os as um uma e ou mas de do da dos das em no na com por para sem é são foi ser estar eu meu minha tu você vocês nós nosso que quando onde como porque muito mais não sim olá obrigado obrigada também isso este esta tudo nada me se lhe nunca sempre ainda tenho tem',
  nl: 'de het een en of maar van in op met voor zonder is zijn was waren ik mijn mij jij je jouw u uw wij we ons onze niet geen ja nee dank bedankt alsjeblieft hallo hoe wat wanneer waar waarom heel nog ook dit dat',
  sv: 'och eller men att av i på med för utan är var vara jag min mitt mig du din ni er vi vår inte ingen ja nej tack hej hur vad när var varför mycket också det den detta',
  tr: 've veya ama ile için bir bu şu ben benim sen senin biz bizim onlar değil yok evet hayır teşekkürler merhaba nasıl ne neden nerede çok daha da de mi mı',
  pl: 'i lub ale w na z do od dla bez jest są był być ja mój moja ty twój my nasz nie tak dziękuję cześć jak co kiedy gdzie dlaczego bardzo jeszcze też to ten ta',
  id: 'dan atau tetapi di ke dari untuk dengan tanpa adalah saya aku kamu anda kami kita mereka tidak bukan ya terima kasih halo bagaimana apa kapan dimana mengapa sangat juga ini itu yang',
};

/** Stop word → languages that use it (a word may belong to several). */
export const STOPWORDS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [language, words] of Object.entries(LISTS)) {
    for (const word of words.split(' ')) {
      const languages = map.get(word) ?? [];
      if (!languages.includes(language)) languages.push(language);
      map.set(word, languages);
    }
  }
  return map;
})();

/** Languages the stop-word fast path can name. */
export const STOPWORD_LANGUAGES: readonly string[] = Object.keys(LISTS);
