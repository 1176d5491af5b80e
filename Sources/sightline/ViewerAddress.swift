/// The address `sightline serve` tells the user to open in a browser.
enum ViewerAddress {
    /// `http://host:port/`; a wildcard bind address becomes loopback, which a browser on the
    /// same machine can open, and an IPv6 address is bracketed.
    static func url(host: String, port: Int) -> String {
        let reachable = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        let authority = reachable.contains(":") ? "[\(reachable)]" : reachable
        return "http://\(authority):\(port)/"
    }
}
