// Administration demo data: where departments are stationed, a sample custom role, and a
// list of powers and responsibilities (权责清单) for the demo county over the dispatch
// module's event categories. Deterministic and idempotent (skips what exists).
import type { Db } from "@/lib/server/prisma";
import { builtinPermissions } from "@/lib/admin/permissions";
import { DEMO_COUNTY_CODE } from "./demo";

type Level = "GRID" | "VILLAGE" | "TOWNSHIP" | "COUNTY";

/** [category code, matter, basis] per level; county items also name their department (lead, then assisting). */
const LIST: Record<Exclude<Level, "COUNTY">, [string, string, string][]> = {
  GRID: [
    ["disputes-neighbour", "邻里纠纷的发现、劝导和报告", "《人民调解法》"],
    ["fire-exit", "消防通道堵塞的巡查劝导", "《消防法》第二十八条"],
    ["fire-ebike", "电动车违规停放充电的巡查劝导", "《高层民用建筑消防安全管理规定》"],
    ["env-garbage", "垃圾乱堆乱放的巡查和报告", "《城乡容貌和环境卫生管理条例》"],
    ["assist-elderly", "独居老人定期走访", "《老年人权益保障法》"],
    ["safety-suspicious", "可疑情况的发现和报告", "《治安管理处罚法》"],
  ],
  VILLAGE: [
    ["disputes-neighbour", "邻里纠纷调解", "《人民调解法》"],
    ["disputes-family", "婚姻家庭纠纷调解", "《人民调解法》"],
    ["env-garbage", "村（社区）环境卫生整治", "村规民约、居民公约"],
    ["assist-hardship", "困难群众救助申请受理和初审", "《社会救助暂行办法》"],
    ["assist-elderly", "独居老人关爱服务", "《老年人权益保障法》"],
    ["assist-children", "留守儿童关爱服务", "《未成年人保护法》"],
    ["roads-light", "村内路灯维护报修", "村规民约"],
  ],
  TOWNSHIP: [
    ["disputes-land", "土地山林权属纠纷调处", "《土地管理法》第十四条"],
    ["disputes-property", "物业服务纠纷协调", "《物业管理条例》"],
    ["env-sewage", "污水直排的排查和制止", "《水污染防治法》"],
    ["env-burning", "秸秆露天焚烧的巡查和制止", "《大气污染防治法》"],
    ["labour-wages", "拖欠农民工工资的排查和协调", "《保障农民工工资支付条例》"],
    ["petitions-visit", "群众来访接待和初次办理", "《信访工作条例》"],
    ["work-gas", "燃气安全隐患排查", "《城镇燃气管理条例》"],
    ["roads-building", "违章搭建的巡查和制止", "《城乡规划法》"],
  ],
};

/** County departments: [category code, matter, lead department, assisting departments]. */
const COUNTY: [string, string, string, string[]][] = [
  ["disputes-land", "土地山林权属争议的调查处理", "natural-resources", ["justice"]],
  ["disputes-debt", "民间借贷纠纷诉讼", "court", ["justice"]],
  ["disputes-consumer", "消费纠纷投诉处理", "market-regulation", []],
  ["safety-disorder", "治安乱点整治", "public-security", []],
  ["safety-vice", "黄赌毒违法犯罪查处", "public-security", []],
  ["safety-fraud", "电信网络诈骗案件查处和预警劝阻", "public-security", []],
  ["fire-equipment", "消防设施监督检查", "emergency", ["housing"]],
  ["env-sewage", "污水直排违法行为查处", "ecology", ["housing"]],
  ["env-noise", "噪声污染查处", "ecology", ["public-security"]],
  ["roads-damage", "道路维修养护", "housing", []],
  ["roads-water", "供水管网抢修", "housing", []],
  ["assist-hardship", "最低生活保障和临时救助审批", "civil-affairs", []],
  ["labour-wages", "拖欠工资案件查处", "human-resources", ["public-security", "housing"]],
  ["labour-contract", "劳动争议仲裁", "human-resources", []],
  ["petitions-group", "群体性诉求的协调处置", "petitions", ["public-security"]],
  ["work-chemicals", "危险化学品安全监管", "emergency", []],
  ["work-construction", "建筑施工安全监管", "housing", ["emergency"]],
  ["market-food", "食品安全监管和投诉处理", "market-regulation", ["health"]],
  ["market-unlicensed", "无证无照经营查处", "market-regulation", []],
  ["health-public", "突发公共卫生事件处置", "health", []],
  ["health-medical", "医疗服务投诉处理", "health", []],
];

export async function seedAdmin(client: Db, log: (msg: string) => void = console.log) {
  const county = await client.unit.findUnique({ where: { code: DEMO_COUNTY_CODE }, select: { id: true } });
  if (!county) return;
  const departments = new Map((await client.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  const townships = await client.unit.findMany({ where: { parentId: county.id, level: "TOWNSHIP" }, select: { id: true }, orderBy: { code: "asc" } });

  // Every department has a window at the county's center; police stations and justice
  // offices sit at each township's center too.
  if ((await client.departmentStation.count()) === 0) {
    const rows = [...departments.values()].map((departmentId) => ({ departmentId, unitId: county.id }));
    for (const code of ["public-security", "justice"]) {
      const id = departments.get(code);
      if (id) rows.push(...townships.map((t) => ({ departmentId: id, unitId: t.id })));
    }
    await client.departmentStation.createMany({ data: rows, skipDuplicates: true });
  }

  await client.customRole.upsert({
    where: { key: "grid_leader" },
    create: {
      key: "grid_leader",
      name: "网格长",
      baseRole: "COMMUNITY_OFFICER",
      description: "村（社区）网格长：村干部的权限，另可维护网格团队",
      permissions: builtinPermissions("COMMUNITY_OFFICER"),
    },
    update: {},
  });

  if ((await client.responsibilityItem.count({ where: { countyId: county.id } })) === 0) {
    const categories = new Map((await client.eventCategory.findMany({ select: { id: true, code: true } })).map((c) => [c.code, c.id]));
    const data: { countyId: number; level: Level; categoryId: number; matter: string; basis: string; departmentId: number | null; duty: "LEAD" | "ASSIST" }[] = [];
    for (const level of ["GRID", "VILLAGE", "TOWNSHIP"] as const) {
      for (const [code, matter, basis] of LIST[level]) {
        const categoryId = categories.get(code);
        if (categoryId) data.push({ countyId: county.id, level, categoryId, matter, basis, departmentId: null, duty: "LEAD" });
      }
    }
    for (const [code, matter, lead, assists] of COUNTY) {
      const categoryId = categories.get(code);
      if (!categoryId) continue;
      for (const [dept, duty] of [[lead, "LEAD"], ...assists.map((a) => [a, "ASSIST"])] as [string, "LEAD" | "ASSIST"][]) {
        const departmentId = departments.get(dept);
        if (departmentId) data.push({ countyId: county.id, level: "COUNTY", categoryId, matter, basis: "部门“三定”规定", departmentId, duty });
      }
    }
    await client.responsibilityItem.createMany({ data });
    log(`responsibilities: ${data.length} items; department stations, custom role grid_leader`);
  }
}
