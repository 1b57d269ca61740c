/**
 * Imports a unit's inventory of information systems from an .xlsx or CSV file (the template:
 * spreadsheets/templates/), through the gateway's mutations as the token's role
 * (spreadsheets/src/inventory.ts). Prints a row-by-row report; exit code 0 when every row landed or was
 * unchanged, 1 when any row was refused, 2 for a usage error or a file that is not an inventory.
 *   pnpm import-inventory FILE --unit <id> --token <jwt> [--gateway http://localhost:4000/graphql] [--report out.csv]
 */
import { importInventoryCommand } from '@cq/spreadsheets/inventory-command';

process.exit(await importInventoryCommand(process.argv.slice(2)));
