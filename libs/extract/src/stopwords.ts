// English function words (jusText's list, abridged): the share of these in a text block is the strongest single
// signal separating running prose from menus, labels and link lists.
const EN = `a about above after again against all almost also although always am among an and another any anyone
anything are around as at be because been before being below between both but by can cannot could did do does doing
done down during each either else enough even ever every few for from further get gets got had has have having he her
here hers herself him himself his how however i if in into is it its itself just last least less like made make many
may me might more most much must my myself neither never no nor not now of off often on once one only or other others
our ours ourselves out over own per perhaps quite rather said same say says several she should since so some still
such than that the their theirs them themselves then there these they this those though through thus to too toward
towards under until up upon us very was we well were what whatever when where whether which while who whom whose why
will with within without would yet you your yours yourself yourselves told its it's that's there's he's she's don't
didn't doesn't isn't wasn't weren't won't can't couldn't wouldn't shouldn't i'm i've we're they're you're`;

/** Lower-cased English stop words. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(EN.split(/\s+/).filter(Boolean));
