using System.Security.Cryptography;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// Keeps the root in the control plane's state folder (<c>root-cert.pem</c>, <c>root-key.pem</c>), so a restart
/// keeps trust. The folder and the key are owner-only, like the runtime change log beside them.
/// </summary>
internal static class RootCertificateStore
{
    public const string CertificateFileName = "root-cert.pem";
    public const string KeyFileName = "root-key.pem";

    /// <summary>What to do about a root that cannot be used; start-up fails rather than silently breaking trust.</summary>
    public const string Recovery =
        "Restore the file, or delete both " + CertificateFileName + " and " + KeyFileName
        + " to make a new root (certificates issued by the old root are then no longer trusted)";

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The root kept in <paramref name="directory"/>, or <see langword="null"/> when there is none yet: no file, or a key
    /// alone, which only a first start cut short between <see cref="Create"/>'s two renames leaves (a key whose
    /// certificate was never written was never trusted by anyone, so a new root replaces it).
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or not a usable root; the message names it.</exception>
    public static RootCertificate? TryLoad(string directory, DateTimeOffset now)
    {
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var hasCertificate = File.Exists(certificatePath);
        var hasKey = File.Exists(keyPath);
        if (!hasCertificate)
        {
            return null;
        }

        if (!hasKey)
        {
            // Sidecars may have pinned this certificate: a new root would split the mesh, so a person decides.
            throw new InvalidDataException(
                $"{keyPath}: cannot use the mesh's root certificate authority: the file is missing but {certificatePath} exists. {Recovery}");
        }

        return RootCertificate.Parse(Read(certificatePath), Read(keyPath), certificatePath, keyPath, now);
    }

    /// <summary>Makes a new root and writes it to <paramref name="directory"/> (created owner-only if missing).</summary>
    public static RootCertificate Create(string directory, DateTimeOffset now)
    {
        CreateOwnerOnlyDirectory(directory);
        var (certificatePem, keyPem) = RootCertificate.Generate(now);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);

        // Both files are written whole under temporary names, then renamed, the certificate last: a crash
        // leaves no half-written file, and a key without a certificate was never trusted by anyone.
        var keyTemporary = WriteTemporary(keyPath, keyPem);
        var certificateTemporary = WriteTemporary(certificatePath, certificatePem);
        // Overwrites a key left alone by a start cut short before its certificate was written (TryLoad).
        File.Move(keyTemporary, keyPath, overwrite: true);
        File.Move(certificateTemporary, certificatePath);
        return RootCertificate.Parse(certificatePem, keyPem, certificatePath, keyPath, now);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(
                $"{path}: cannot read the mesh's root certificate authority: {ex.Message.TrimEnd('.')}. {Recovery}", ex);
        }
    }

    private static string WriteTemporary(string path, string text)
    {
        var temporary = path + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from creation, so the key is never readable by others, not even for a moment.
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, OwnerReadWrite);
        }

        return temporary;
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
