// The thirteen county departments a governance center typically works with.
export const DEPARTMENTS = [
  { code: "public-security", name: "公安局", nameEn: "Public Security Bureau" },
  { code: "procuratorate", name: "人民检察院", nameEn: "People's Procuratorate" },
  { code: "court", name: "人民法院", nameEn: "People's Court" },
  { code: "justice", name: "司法局", nameEn: "Justice Bureau" },
  { code: "human-resources", name: "人力资源和社会保障局", nameEn: "Human Resources and Social Security Bureau" },
  { code: "petitions", name: "信访局", nameEn: "Petitions Bureau" },
  { code: "civil-affairs", name: "民政局", nameEn: "Civil Affairs Bureau" },
  { code: "housing", name: "住房和城乡建设局", nameEn: "Housing and Urban-Rural Development Bureau" },
  { code: "natural-resources", name: "自然资源局", nameEn: "Natural Resources Bureau" },
  { code: "emergency", name: "应急管理局", nameEn: "Emergency Management Bureau" },
  { code: "market-regulation", name: "市场监督管理局", nameEn: "Market Regulation Administration" },
  { code: "health", name: "卫生健康局", nameEn: "Health Commission" },
  { code: "ecology", name: "生态环境局", nameEn: "Ecology and Environment Bureau" },
] as const;
