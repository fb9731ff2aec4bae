public import KithCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension HostName {
    /// This machine's fully qualified name: the canonical name the resolver (`/etc/hosts`, then
    /// DNS) gives the host name, else the host name itself.
    public static func fullyQualified() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let short = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        defer { if let result { freeaddrinfo(result) } }
        if getaddrinfo(short, nil, &hints, &result) == 0, let name = result?.pointee.ai_canonname {
            let canonical = String(cString: name)
            if isValid(canonical) { return canonical }
        }
        return isValid(short) ? short : "localhost"
    }
}
