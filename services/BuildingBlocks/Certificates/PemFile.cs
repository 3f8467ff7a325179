namespace Hiroba.Certificates;

/// <summary>Which of the two PEM files of a server certificate a problem is about.</summary>
public enum PemFile
{
    Certificate,
    Key,
}
