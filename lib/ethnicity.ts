// The 56 ethnic groups of China with their GB/T 3304-1991 codes, in the standard's order.

export interface Ethnicity {
  code: string;
  zh: string;
  en: string;
}

export const ETHNICITIES: readonly Ethnicity[] = [
  { code: "01", zh: "汉族", en: "Han" },
  { code: "02", zh: "蒙古族", en: "Mongol" },
  { code: "03", zh: "回族", en: "Hui" },
  { code: "04", zh: "藏族", en: "Tibetan" },
  { code: "05", zh: "维吾尔族", en: "Uyghur" },
  { code: "06", zh: "苗族", en: "Miao" },
  { code: "07", zh: "彝族", en: "Yi" },
  { code: "08", zh: "壮族", en: "Zhuang" },
  { code: "09", zh: "布依族", en: "Bouyei" },
  { code: "10", zh: "朝鲜族", en: "Korean" },
  { code: "11", zh: "满族", en: "Manchu" },
  { code: "12", zh: "侗族", en: "Dong" },
  { code: "13", zh: "瑶族", en: "Yao" },
  { code: "14", zh: "白族", en: "Bai" },
  { code: "15", zh: "土家族", en: "Tujia" },
  { code: "16", zh: "哈尼族", en: "Hani" },
  { code: "17", zh: "哈萨克族", en: "Kazakh" },
  { code: "18", zh: "傣族", en: "Dai" },
  { code: "19", zh: "黎族", en: "Li" },
  { code: "20", zh: "傈僳族", en: "Lisu" },
  { code: "21", zh: "佤族", en: "Va" },
  { code: "22", zh: "畲族", en: "She" },
  { code: "23", zh: "高山族", en: "Gaoshan" },
  { code: "24", zh: "拉祜族", en: "Lahu" },
  { code: "25", zh: "水族", en: "Sui" },
  { code: "26", zh: "东乡族", en: "Dongxiang" },
  { code: "27", zh: "纳西族", en: "Naxi" },
  { code: "28", zh: "景颇族", en: "Jingpo" },
  { code: "29", zh: "柯尔克孜族", en: "Kyrgyz" },
  { code: "30", zh: "土族", en: "Tu" },
  { code: "31", zh: "达斡尔族", en: "Daur" },
  { code: "32", zh: "仫佬族", en: "Mulao" },
  { code: "33", zh: "羌族", en: "Qiang" },
  { code: "34", zh: "布朗族", en: "Blang" },
  { code: "35", zh: "撒拉族", en: "Salar" },
  { code: "36", zh: "毛南族", en: "Maonan" },
  { code: "37", zh: "仡佬族", en: "Gelao" },
  { code: "38", zh: "锡伯族", en: "Xibe" },
  { code: "39", zh: "阿昌族", en: "Achang" },
  { code: "40", zh: "普米族", en: "Pumi" },
  { code: "41", zh: "塔吉克族", en: "Tajik" },
  { code: "42", zh: "怒族", en: "Nu" },
  { code: "43", zh: "乌孜别克族", en: "Uzbek" },
  { code: "44", zh: "俄罗斯族", en: "Russian" },
  { code: "45", zh: "鄂温克族", en: "Evenki" },
  { code: "46", zh: "德昂族", en: "De'ang" },
  { code: "47", zh: "保安族", en: "Bonan" },
  { code: "48", zh: "裕固族", en: "Yugur" },
  { code: "49", zh: "京族", en: "Gin" },
  { code: "50", zh: "塔塔尔族", en: "Tatar" },
  { code: "51", zh: "独龙族", en: "Derung" },
  { code: "52", zh: "鄂伦春族", en: "Oroqen" },
  { code: "53", zh: "赫哲族", en: "Hezhen" },
  { code: "54", zh: "门巴族", en: "Monpa" },
  { code: "55", zh: "珞巴族", en: "Lhoba" },
  { code: "56", zh: "基诺族", en: "Jino" },
];

export const ETHNICITY_CODES = ETHNICITIES.map((e) => e.code);

const BY_CODE = new Map(ETHNICITIES.map((e) => [e.code, e]));
const BY_NAME = new Map<string, string>();
for (const e of ETHNICITIES) {
  BY_NAME.set(e.zh, e.code);
  // "汉" for "汉族" is how many spreadsheets write it.
  BY_NAME.set(e.zh.replace(/族$/, ""), e.code);
  BY_NAME.set(e.en.toLowerCase(), e.code);
}

export function ethnicityName(code: string, locale: string): string {
  const e = BY_CODE.get(code);
  if (!e) return code;
  return locale === "en" ? e.en : e.zh;
}

/** A code from what a spreadsheet holds: "01", "1", "汉族", "汉" or "Han"; null if unknown. */
export function ethnicityCodeOf(raw: string): string | null {
  const v = raw.trim();
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, "0");
    return BY_CODE.has(code) ? code : null;
  }
  return BY_NAME.get(v) ?? BY_NAME.get(v.toLowerCase()) ?? null;
}
