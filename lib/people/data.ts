import "server-only";

// The people registry's data functions, in one place for pages and actions. Every function
// takes the viewer first, checks the permission and scopes its queries to the viewer's
// territory; records outside it are NOT_FOUND.

export {
  createResident,
  deleteResident,
  getResident,
  listResidents,
  lookupIdNumber,
  peopleCountsByGrid,
  residentWhere,
  restoreResident,
  revealResident,
  updateResident,
  verifyResident,
  type ResidentDetail,
  type ResidentListItem,
} from "./residents";
export {
  createHousehold,
  deleteHousehold,
  getHousehold,
  householdOptions,
  householdWhere,
  listHouseholds,
  restoreHousehold,
  updateHousehold,
  verifyHousehold,
  type HouseholdDetail,
  type HouseholdListItem,
} from "./households";
export {
  createHouse,
  deleteHouse,
  getHouse,
  houseOptions,
  houseWhere,
  listHouses,
  restoreHouse,
  revealLandlordPhone,
  updateHouse,
  verifyHouse,
  type HouseDetail,
  type HouseListItem,
} from "./houses";
export {
  decideResidentMove,
  getMoveRequest,
  listMoveRequests,
  pendingMoveCount,
  requestResidentMove,
  withdrawResidentMove,
  type MoveRequestDetail,
  type MoveRequestItem,
} from "./moves";
export { createTag, listTags, renameTag, setTagEnabled, tagDictionary, updateTag } from "./tags";
export { unitOptions, type HistoryItem } from "./shared";
