/** A plain table of a chart's figures. */
export function DataTable({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  if (rows.length === 0) return <p className="muted">No data in this range.</p>;
  return (
    <table className="table compact">
      <thead><tr>{head.map((label) => <th key={label} scope="col">{label}</th>)}</tr></thead>
      <tbody>{rows.map((row, index) => <tr key={index}>{row.map((value, column) => <td key={column}>{value}</td>)}</tr>)}</tbody>
    </table>
  );
}
