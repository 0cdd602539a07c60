// The key-group tags (重点人群) a new county starts with; the dictionary is editable after that.

export const DEFAULT_TAGS = [
  { code: "ELDERLY_ALONE", name: "独居老人", nameEn: "Elderly living alone", visitTier: "KEY" },
  { code: "EMPTY_NEST_ELDERLY", name: "空巢老人", nameEn: "Empty-nest elderly", visitTier: "KEY" },
  { code: "DISABLED", name: "残疾人", nameEn: "Person with disability", visitTier: "KEY" },
  { code: "LEFT_BEHIND_CHILD", name: "留守儿童", nameEn: "Left-behind child", visitTier: "KEY" },
  { code: "LOW_INCOME", name: "低保户", nameEn: "Low-income (dibao)", visitTier: "KEY" },
  { code: "EXTREME_POVERTY", name: "特困供养人员", nameEn: "Extreme-poverty support", visitTier: "KEY" },
  { code: "COMMUNITY_CORRECTION", name: "社区矫正对象", nameEn: "Under community correction", visitTier: "KEY" },
  { code: "RELEASED_PRISONER", name: "刑满释放人员", nameEn: "Released prisoner", visitTier: "KEY" },
  { code: "SEVERE_MENTAL_DISORDER", name: "严重精神障碍患者", nameEn: "Severe mental disorder", visitTier: "KEY" },
  { code: "DRUG_REHABILITATION", name: "社区戒毒康复人员", nameEn: "Drug rehabilitation", visitTier: "KEY" },
  { code: "REPEAT_PETITIONER", name: "重点信访人员", nameEn: "Repeat petitioner", visitTier: "KEY" },
  { code: "MILITARY_FAMILY", name: "退役军人及优抚对象", nameEn: "Veteran or military family", visitTier: "ORDINARY" },
] as const;
