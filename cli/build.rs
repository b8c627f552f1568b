// The default packs are embedded from ../rules: rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../rules");
}
