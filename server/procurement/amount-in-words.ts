/** «Сумма прописью» for Russian documents: 1234.5 → «Одна тысяча двести тридцать четыре рубля 50 копеек». */

const ONES_M = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const ONES_F = ["", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"];
const TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"];
const HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"];

type TForms = [string, string, string];
const SCALES: { forms: TForms; feminine: boolean }[] = [
  { forms: ["", "", ""], feminine: false },
  { forms: ["тысяча", "тысячи", "тысяч"], feminine: true },
  { forms: ["миллион", "миллиона", "миллионов"], feminine: false },
  { forms: ["миллиард", "миллиарда", "миллиардов"], feminine: false },
];

/** Picks the Russian plural form for n: 1 рубль, 2 рубля, 5 рублей. */
export function plural(n: number, forms: TForms): string {
  const n10 = n % 10;
  const n100 = n % 100;
  if (n10 === 1 && n100 !== 11) return forms[0];
  if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return forms[1];
  return forms[2];
}

function triad(n: number, feminine: boolean): string[] {
  const words: string[] = [];
  words.push(HUNDREDS[Math.floor(n / 100)]);
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]);
  else {
    words.push(TENS[Math.floor(rest / 10)]);
    words.push((feminine ? ONES_F : ONES_M)[rest % 10]);
  }
  return words.filter(Boolean);
}

export function integerInWords(value: number, feminine = false): string {
  if (value === 0) return "ноль";
  const words: string[] = [];
  let n = Math.floor(value);
  const groups: number[] = [];
  while (n > 0) {
    groups.push(n % 1000);
    n = Math.floor(n / 1000);
  }
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) continue;
    const scale = SCALES[i] ?? SCALES[0];
    words.push(...triad(g, i === 0 ? feminine : scale.feminine));
    if (i > 0) words.push(plural(g, scale.forms));
  }
  return words.join(" ");
}

export function amountInWords(amount: number): string {
  const kopecks = Math.round(amount * 100);
  const rubles = Math.floor(kopecks / 100);
  const kop = kopecks % 100;
  const text = `${integerInWords(rubles)} ${plural(rubles, ["рубль", "рубля", "рублей"])} ${String(kop).padStart(2, "0")} ${plural(kop, ["копейка", "копейки", "копеек"])}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
