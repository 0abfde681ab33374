export {
  createLedger,
  type Ledger,
  type LedgerRequest,
  type LedgerResult,
  restoreLedger,
} from "./ledger.js";
