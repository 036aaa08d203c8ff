// The project schemas' types reach the UI through the access rule, which names the database's row
// types; one of those is a Node Buffer. Only types cross over (nothing of the server is bundled), so
// the UI's type check needs the name, not Node.
type Buffer = Uint8Array;
