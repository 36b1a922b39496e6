#include "base/err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

bool verrf(char *err, size_t errlen, const char *fmt, va_list ap)
{
	if (errlen == 0)
		return false;
	/* Checked so that GCC's -Wformat-truncation has nothing to say: a cut
	 * message is fine, a failed one is empty. */
	if (vsnprintf(err, errlen, fmt, ap) < 0)
		err[0] = '\0';
	return false;
}

bool errf(char *err, size_t errlen, const char *fmt, ...)
{
	ERRF_ARGS(err, errlen, fmt);
	return false;
}

const char *err_reason(int errnum)
{
	switch (errnum) {
	case ENOENT: return "文件或目录不存在";
	case EACCES:
	case EPERM: return "没有权限";
	case ENOSPC: return "磁盘已满";
#ifdef EDQUOT
	case EDQUOT: return "磁盘配额已用完";
#endif
	case EROFS: return "只读的文件系统，不能写入";
	case EISDIR: return "这是一个目录，不是文件";
	case ENOTDIR: return "路径中有一部分不是目录";
	case EEXIST: return "文件已存在";
	case ENAMETOOLONG: return "文件名太长";
	case EMFILE:
	case ENFILE: return "打开的文件太多";
	case EIO: return "读写磁盘出错";
	case EFBIG: return "文件太大";
	case ELOOP: return "符号链接层数太多";
	case EBUSY: return "文件正被占用";
	case ETXTBSY: return "文件正被使用";
	default: return strerror(errnum);
	}
}
